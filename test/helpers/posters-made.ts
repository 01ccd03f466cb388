import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { thumbnailsDir } from '../../main/library/library-paths'

/** How many posters a library folder holds on disk (sprites, `<id>.sprite.jpg`, are not counted). */
export function postersMade(libraryDir: string): number {
  const root = thumbnailsDir(libraryDir)
  if (!existsSync(root)) return 0
  const folders = readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isDirectory())
  return folders
    .flatMap((folder) => readdirSync(path.join(root, folder.name)))
    .filter((name) => name.endsWith('.jpg') && !name.endsWith('.sprite.jpg')).length
}
