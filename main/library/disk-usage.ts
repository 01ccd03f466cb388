import { access, lstat, readdir } from 'node:fs/promises'
import path from 'node:path'

/** Bytes taken by the files directly named, skipping those that do not exist. */
export async function filesSize(files: readonly string[]): Promise<number> {
  const sizes = await Promise.all(
    files.map((file) =>
      lstat(file).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  )
  return sizes.reduce((sum, size) => sum + size, 0)
}

/** Bytes taken by every regular file below `dir`; links are not followed. */
export async function folderSize(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name))
  return filesSize(files)
}

/** True when `file` exists (and this process may see it). */
export function fileExists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  )
}
