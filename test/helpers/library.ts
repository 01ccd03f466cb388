import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { afterEach } from 'vitest'
import type { StoredLibraryInfo, MediaAsset } from '../../shared/contract'
import { dispatch } from '../../main/dispatch'
import type { LocalLibrary } from '../../main/services/library-context'
import { openLibrary, type OpenLibraryOptions } from '../../main/app/open-library'
import { tempDir } from './temp-dir'

const opened: LocalLibrary[] = []

afterEach(async () => {
  await Promise.all(opened.splice(0).map((lib) => lib.close()))
})

/** Opens a library (by default in a fresh temp folder); it is closed after the current test. */
export function testLibrary(dir: string = tempDir(), options: OpenLibraryOptions = {}): LocalLibrary {
  const lib = openLibrary(dir, options)
  opened.push(lib)
  return lib
}

/** The library's newest `limit` assets (newest import first), read by plain SQL. */
export async function newestAssets(lib: LocalLibrary, limit: number): Promise<MediaAsset[]> {
  const ids = lib.sqlite.db
    .prepare<[number], string>('SELECT id FROM videos ORDER BY imported_at DESC, id DESC LIMIT ?')
    .pluck()
    .all(limit)
  return Promise.all(ids.map(async (id) => (await lib.catalog.repos.media.get(id))!))
}

/** The names of the files in the library's tmp/ folder (uploads, half-written files). */
export function tmpFiles(lib: LocalLibrary): string[] {
  const tmp = path.join(lib.dir, 'tmp')
  return existsSync(tmp) ? readdirSync(tmp) : []
}

/** The bytes `library:info` counts in tmp/ (what the library's size shows for it). */
export async function tempBytes(lib: LocalLibrary): Promise<number> {
  const answer = await dispatch(lib, 'library:info', {})
  if (!answer.ok) throw new Error(answer.error.message)
  return (answer.data as StoredLibraryInfo).bytesOnDisk.temp
}
