import { afterEach } from 'vitest'
import type { MediaAsset } from '../../shared/contract'
import { openLibrary, type Library, type OpenLibraryOptions } from '../../main/library/library'
import { tempDir } from './temp-dir'

const opened: Library[] = []

afterEach(async () => {
  await Promise.all(opened.splice(0).map((lib) => lib.close()))
})

/** Opens a library (by default in a fresh temp folder); it is closed after the current test. */
export function testLibrary(dir: string = tempDir(), options: OpenLibraryOptions = {}): Library {
  const lib = openLibrary(dir, options)
  opened.push(lib)
  return lib
}

/** The library's newest `limit` assets (newest import first), read by plain SQL. */
export function newestAssets(lib: Library, limit: number): MediaAsset[] {
  return lib.db
    .prepare<[number], string>('SELECT id FROM videos ORDER BY imported_at DESC, id DESC LIMIT ?')
    .pluck()
    .all(limit)
    .map((id) => lib.repos.media.get(id)!)
}
