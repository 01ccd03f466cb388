import path from 'node:path'
import type { LibraryInfo } from '../../shared/contract'
import { schemaVersion } from '../db/migrate'
import { cachedFolderSize, filesSize, folderSize, type CachedFolderSize } from '../library/disk-usage'
import type { Library } from '../library/library'
import { stagingDir } from '../library/library-paths'
import { BACKUPS_FOLDER } from './backup'

const derivedSizes = new WeakMap<Library, CachedFolderSize>()

/**
 * The size of the library's `derived/` folder (thumbnails), walked on the first call and then
 * remembered until this process writes or removes thumbnails: `media:thumbnails` says one
 * was written, `library:changed` on videos that assets came or went. Invalidating beats a
 * running total: a regenerated thumbnail replaces a file of unknown size, and a walk after a
 * change costs only when someone asks. Thumbnails another process (the CLI) writes meanwhile
 * show from this process's next change on.
 */
function derivedSize(lib: Library): CachedFolderSize {
  let cache = derivedSizes.get(lib)
  if (cache) return cache
  const created = cachedFolderSize(path.join(lib.dir, 'derived'))
  lib.events.subscribe((event) => {
    if (event.name === 'media:thumbnails') created.invalidate()
    if (event.name === 'library:changed' && event.payload.tables.includes('videos')) created.invalidate()
  })
  derivedSizes.set(lib, (cache = created))
  return cache
}

/**
 * Location, name, schema version, row counts and disk usage of the library. Media bytes come
 * from the database (media/ is never walked); only derived/ is walked, and that rarely.
 */
export async function getLibraryInfo(lib: Library): Promise<LibraryInfo> {
  const { meta, schemaStats, media } = lib.repos
  const dbFiles = ['', '-wal', '-shm'].map((suffix) => lib.databasePath + suffix)
  const { copied, linked } = media.storageBytes()
  // tmp/ and backups/ are flat folders of few files: listing them is cheap.
  const [database, thumbnails, backups, temp] = await Promise.all([
    filesSize(dbFiles),
    derivedSize(lib).get(),
    folderSize(path.join(lib.dir, BACKUPS_FOLDER), { recursive: false }),
    folderSize(stagingDir(lib.dir), { recursive: false }),
  ])
  return {
    id: meta.get('library_id') ?? '',
    name: meta.get('name') ?? '',
    path: lib.dir,
    databasePath: lib.databasePath,
    createdAt: meta.get('created_at') ?? '',
    schemaVersion: schemaVersion(lib.db),
    tables: schemaStats.tableCounts(),
    bytesOnDisk: {
      assets: copied,
      linked,
      thumbnails,
      database,
      backups,
      temp,
      total: copied + thumbnails + database + backups + temp,
    },
  }
}

/** Sets the library's display name and tells every client, which reloads what it shows. */
export function renameLibrary(lib: Library, name: string): { name: string } {
  lib.repos.meta.set('name', name)
  lib.events.emit('library:changed', { tables: ['library_meta'] })
  return { name }
}
