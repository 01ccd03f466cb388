import { z } from 'zod'
import { nameText } from './name-text'
import { AbsolutePath } from './media'

const LIBRARY_NAME_MAX = 120

/** A table of the library database with its current row count. */
export const TableCount = z.object({ name: z.string(), rows: z.number().int().nonnegative() })

/** Facts about the open library. */
export const LibraryInfo = z.object({
  id: z.string(),
  name: z.string(),
  path: z.string(),
  databasePath: z.string(),
  createdAt: z.string(),
  schemaVersion: z.number().int().nonnegative(),
  tables: z.array(TableCount),
  /**
   * Bytes in the library folder, from the database where it knows them: copied assets
   * (`assets`), thumbnails, the database files, backups, temp files and deleted files waiting in
   * the trash (`trash`, until it is emptied); `total` is their sum.
   * `linked` is the linked assets' bytes, which stay where they are and are not in `total`.
   */
  bytesOnDisk: z.object({
    assets: z.number().int().nonnegative(),
    linked: z.number().int().nonnegative(),
    thumbnails: z.number().int().nonnegative(),
    database: z.number().int().nonnegative(),
    backups: z.number().int().nonnegative(),
    temp: z.number().int().nonnegative(),
    trash: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
  }),
})
export type LibraryInfo = z.infer<typeof LibraryInfo>

/** A display name for a library: trimmed, not empty, no control characters. */
export const LibraryName = nameText('The name', LIBRARY_NAME_MAX)

/** A backup in the library's `backups/` folder, by its plain file name (no folders). */
export const BackupName = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\.db$/, 'A backup name is a plain file name ending in .db.')

/** One file in the library's `backups/` folder. */
export const BackupFile = z.object({
  name: BackupName,
  bytes: z.number().int().nonnegative(),
  modifiedAt: z.string(),
})
export type BackupFile = z.infer<typeof BackupFile>

/** A finished, verified backup of the library database. */
export const BackupResult = z.object({
  name: z.string(),
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  schemaVersion: z.number().int().nonnegative(),
  tables: z.array(TableCount),
  seconds: z.number().nonnegative(),
})
export type BackupResult = z.infer<typeof BackupResult>

/** A library restored from a backup into a new folder; its media files stay where the original's are. */
export const RestoreResult = z.object({
  path: z.string(),
  databasePath: z.string(),
  schemaVersion: z.number().int().nonnegative(),
  migratedFrom: z.number().int().nonnegative(),
  applied: z.array(z.string()),
  tables: z.array(TableCount),
  interruptedJobs: z.number().int().nonnegative(),
})
export type RestoreResult = z.infer<typeof RestoreResult>

/** Pages copied so far by a running backup; sent as events, throttled, the last one with `done`. */
export const BackupProgress = z.object({
  name: z.string(),
  pagesDone: z.number().int().nonnegative(),
  pagesTotal: z.number().int().nonnegative(),
  done: z.boolean(),
})
export type BackupProgress = z.infer<typeof BackupProgress>

export const libraryChannels = {
  /** Location, schema version, row counts per table and bytes on disk of the open library. */
  'library:info': { input: z.object({}).strict(), output: LibraryInfo },
  /** Gives the library a new display name; returns the name as stored. Views reload on `library:changed`. */
  'library:rename': { input: z.object({ name: LibraryName }).strict(), output: z.object({ name: z.string() }) },
  /** Backs the database up to `backups/library-<time>.db` in the library (progress: `library:backup-progress`). */
  'library:backup': { input: z.object({}).strict(), output: BackupResult },
  /** The backups in the library's `backups/` folder, newest first. */
  'library:backups': {
    input: z.object({}).strict(),
    output: z.object({ folder: z.string(), backups: z.array(BackupFile) }),
  },
  /** Restores one of those backups as a new library in `target`, an absolute folder that is missing or empty. */
  'library:restore': { input: z.object({ backup: BackupName, target: AbsolutePath }).strict(), output: RestoreResult },
} as const

export const libraryEvents = {
  /** Rows of these tables changed; views that show them should reload. */
  'library:changed': z.object({ tables: z.array(z.string()) }),
  /** Progress of a running `library:backup`. */
  'library:backup-progress': BackupProgress,
} as const
