import path from 'node:path'
import type { LibraryInfo } from '../../shared/contract'
import { schemaVersion } from '../db/migrate'
import { filesSize, folderSize } from '../library/disk-usage'
import type { Library } from '../library/library'
import { stagingDir } from '../library/library-paths'
import { BACKUPS_FOLDER } from './backup'

/**
 * Location, name, schema version, row counts and disk usage of the library. Media bytes come
 * from the database (media/ is never walked); only derived/ is walked, and only again after
 * thumbnails were written (see `Library.derivedSize`).
 */
export async function getLibraryInfo(lib: Library): Promise<LibraryInfo> {
  const { meta, schemaStats, media } = lib.repos
  const dbFiles = ['', '-wal', '-shm'].map((suffix) => lib.databasePath + suffix)
  const { copied, linked } = media.storageBytes()
  // Summed from the trash journal: the trash folder is never walked.
  const trash = lib.repos.trash.bytes()
  // tmp/ and backups/ are flat folders of few files: listing them is cheap.
  const [database, thumbnails, backups, temp] = await Promise.all([
    filesSize(dbFiles),
    lib.derivedSize.get(),
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
      trash,
      total: copied + thumbnails + database + backups + temp + trash,
    },
  }
}

/** Sets the library's display name and tells every client, which reloads what it shows. */
export function renameLibrary(lib: Library, name: string): { name: string } {
  lib.repos.meta.set('name', name)
  lib.events.emit('library:changed', { tables: ['library_meta'] })
  return { name }
}
