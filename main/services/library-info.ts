import type { LibraryInfo } from '../../shared/contract'
import { schemaVersion } from '../db/migrate'
import { filesSize, folderSize } from '../library/disk-usage'
import type { Library } from '../library/library'

/** Location, name, schema version, row counts and disk usage of the library. */
export async function getLibraryInfo(lib: Library): Promise<LibraryInfo> {
  const { meta, schemaStats } = lib.repos
  const dbFiles = ['', '-wal', '-shm'].map((suffix) => lib.databasePath + suffix)
  const [database, total] = await Promise.all([filesSize(dbFiles), folderSize(lib.dir)])
  return {
    id: meta.get('library_id') ?? '',
    name: meta.get('name') ?? '',
    path: lib.dir,
    databasePath: lib.databasePath,
    createdAt: meta.get('created_at') ?? '',
    schemaVersion: schemaVersion(lib.db),
    tables: schemaStats.tableCounts(),
    bytesOnDisk: { database, total },
  }
}

/** Sets the library's display name and tells every client, which reloads what it shows. */
export function renameLibrary(lib: Library, name: string): { name: string } {
  lib.repos.meta.set('name', name)
  lib.events.emit('library:changed', { tables: ['library_meta'] })
  return { name }
}
