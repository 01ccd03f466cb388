import path from 'node:path'
import type { LibraryInfo, StoredLibraryInfo } from '../../../shared/contract'
import { fileGroupSizes, folderSize } from '../../library/disk-usage'
import type { Library } from '../library-context'
import { stagingDir, thumbnailPaths } from '../../library/library-paths'
import { settingVersions, writeSetting } from '../edits/settings-write'
import type { Editing } from '../edits/versioned-write'
import { BACKUPS_FOLDER } from './backup'

/**
 * Location, name, schema version, row counts and disk usage of the library. Media and thumbnail
 * bytes come from the database: neither media/ nor derived/ is walked.
 */
export async function getLibraryInfo(
  lib: Pick<Library, 'catalog' | 'describeDatabase' | 'dir' | 'store'>,
): Promise<StoredLibraryInfo> {
  const { copied, linked } = await lib.catalog.repos.media.storageBytes()
  // Summed from the trash journal: the trash folder is never walked.
  const trash = await lib.catalog.repos.trash.bytes()
  // tmp/ and backups/ are flat folders of few files: listing them is cheap.
  const [facts, thumbnails, backups, temp] = await Promise.all([
    lib.describeDatabase(),
    thumbnailBytes(lib),
    folderSize(path.join(lib.dir, BACKUPS_FOLDER)),
    folderSize(stagingDir(lib.dir)),
  ])
  return {
    ...(await libraryNaming(lib)),
    path: lib.dir,
    databasePath: facts.location,
    schemaVersion: facts.schemaVersion,
    tables: facts.tables,
    filesAt: lib.store.location ?? null,
    bytesOnDisk: {
      assets: copied,
      linked,
      thumbnails,
      database: facts.bytes,
      backups,
      temp,
      trash,
      total: copied + thumbnails + facts.bytes + backups + temp + trash,
    },
  }
}

/**
 * The library's id, name and when it was made, and nothing of where it keeps its data: what a viewer is told
 * (issue 60 point 3: disks and databases are internal).
 */
export async function libraryNaming(lib: Pick<Library, 'catalog'>): Promise<LibraryInfo> {
  const { meta } = lib.catalog.repos
  const [id, name, createdAt] = [await meta.get('library_id'), await meta.get('name'), await meta.get('created_at')]
  return {
    id: id ?? '',
    name: name ?? '',
    nameVersion: (await settingVersions(lib.catalog.repos, ['name'])).name,
    createdAt: createdAt ?? '',
  }
}

// Rows measured and written per transaction by the backfill: one write of 100,000 rows held the
// event loop for about a second; batches also keep what was measured if the app quits midway.
const BACKFILL_BATCH = 1_000

/**
 * The thumbnails' bytes as the thumbnailer recorded them. Rows it never recorded (libraries made
 * before migration 0130) have just their own two files measured and recorded: a one-time
 * backfill, so the next call is a sum over an index alone.
 */
async function thumbnailBytes(lib: Pick<Library, 'catalog' | 'dir'>): Promise<number> {
  const { media } = lib.catalog.repos
  const unrecorded = await media.unrecordedThumbs()
  for (let start = 0; start < unrecorded.length; start += BACKFILL_BATCH) {
    const ids = unrecorded.slice(start, start + BACKFILL_BATCH)
    const sizes = await fileGroupSizes(ids.map((id) => Object.values(thumbnailPaths(lib.dir, id))))
    await media.backfillThumbsBytes(ids.map((id, index) => ({ id, bytes: sizes[index]! })))
  }
  return media.thumbsBytes()
}

/**
 * Sets the library's display name and tells every client, which reloads what it shows; a name changed since
 * `baseVersion` is refused (`conflict`). Returns the name's version after it.
 */
export async function renameLibrary(
  lib: Editing,
  name: string,
  baseVersion?: number,
): Promise<{ name: string; version: number }> {
  return { name, version: await writeSetting(lib, 'name', name, baseVersion) }
}
