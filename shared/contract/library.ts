import { z } from 'zod'
import { BaseVersion } from './edit-versions'
import { nameText } from './name-text'
import { AbsolutePath } from './media'
import { LibraryChanged } from './changes'

/** The longest display name a library may have. */
export const LIBRARY_NAME_MAX = 120

/** A table of the library database with its current row count. */
export const TableCount = z.object({
  name: z.string(),
  rows: z.number().int().nonnegative(),
  /** True when `rows` is the database's estimate, not a count (a hub's large tables). */
  estimated: z.boolean().optional(),
})

/** Facts about the open library. */
/**
 * Where the library keeps its data: its folder, database, schema, tables and bytes on disk. Internal to the team
 * (issue 60 point 3): a viewer's `library:info` holds none of it.
 */
export const LibraryStorage = z.object({
  path: z.string(),
  databasePath: z.string(),
  schemaVersion: z.number().int().nonnegative(),
  tables: z.array(TableCount),
  /** Where the media files live when not in the library folder: a team hub's bucket; null for the folder. */
  filesAt: z.string().nullable(),
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
export type LibraryStorage = z.infer<typeof LibraryStorage>

/** The library's name and id, and where it keeps its data where the caller may know it (LibraryStorage). */
export const LibraryInfo = z
  .object({
    id: z.string(),
    name: z.string(),
    /** The name's version: a rename names it as its `baseVersion` (issue 64). */
    nameVersion: z.number().int().nonnegative(),
    createdAt: z.string(),
  })
  .extend(LibraryStorage.partial().shape)
/** A `library:info` answer with its storage facts: what an editor, an admin or a library's own user is told. */
export type StoredLibraryInfo = LibraryInfo & LibraryStorage

/** The storage facts of a `library:info` answer; null where the caller may not know them (a viewer). */
export function storageOf(info: LibraryInfo): LibraryStorage | null {
  const parsed = LibraryStorage.safeParse(info)
  return parsed.success ? parsed.data : null
}
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

/**
 * A library restored from a backup into a new folder, with an id of its own, a name that says it is
 * a restore, and the id of the library the backup was taken of (`restoredFrom`); its media files
 * stay where the original's are.
 */
export const RestoreResult = z.object({
  id: z.string(),
  name: z.string(),
  restoredFrom: z.string(),
  path: z.string(),
  databasePath: z.string(),
  schemaVersion: z.number().int().nonnegative(),
  migratedFrom: z.number().int().nonnegative(),
  applied: z.array(z.string()),
  /** Rows per table as restored from the backup. */
  tables: z.array(TableCount),
  interruptedJobs: z.number().int().nonnegative(),
  /** Assets the original's trash held, not carried over: the restore starts with an empty trash. */
  trashedAssets: z.number().int().nonnegative(),
  /** The folders the original watched: the restore watches none until they are added in its Settings. */
  watchFolders: z.array(z.string()),
})
export type RestoreResult = z.infer<typeof RestoreResult>

/** Another library this one knows of, as it is now: its folder, its name, and whether this app can open it. */
export const OtherLibrary = z.object({
  path: z.string(),
  /** Its name now, read from its database; the name it had when recorded when it cannot be read. */
  name: z.string(),
  /** Why it cannot be opened now (its folder is gone, ...); null when it can. */
  unavailable: z.string().nullable(),
})
export type OtherLibrary = z.infer<typeof OtherLibrary>

/** A library restored from one of this library's backups. */
export const RestoredLibrary = OtherLibrary.extend({
  id: z.string(),
  /** When the backup it was restored from was taken, and when it was restored (ISO times). */
  backupAt: z.string(),
  restoredAt: z.string(),
})
export type RestoredLibrary = z.infer<typeof RestoredLibrary>

/** Where this library came from, when it was restored from a backup. */
export const LibraryOrigin = z.object({
  /** The id of the library the backup was taken of, and when it was taken (ISO time). */
  id: z.string(),
  backupAt: z.string(),
  /** That library, when its folder is known (restores made in the app). */
  library: OtherLibrary.nullable(),
})
export type LibraryOrigin = z.infer<typeof LibraryOrigin>

/** The libraries this one may switch to with `library:open`. */
export const LibraryRestores = z.object({
  origin: LibraryOrigin.nullable(),
  restores: z.array(RestoredLibrary),
  /** The library this window had open before this one. */
  previous: OtherLibrary.nullable(),
  /** Whether this host can open another library in place of this one (the app can; the CLI cannot). */
  canOpen: z.boolean(),
})
export type LibraryRestores = z.infer<typeof LibraryRestores>

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
  /**
   * Gives the library a new display name; returns the name as stored and its version. A name changed since
   * `baseVersion` is refused (`conflict`, details: EditConflict). Views reload on `library:changed`.
   */
  'library:rename': {
    input: z.object({ name: LibraryName, baseVersion: BaseVersion.optional() }).strict(),
    output: z.object({ name: z.string(), version: z.number().int() }),
  },
  /** Backs the database up to `backups/library-<time>.db` in the library (progress: `library:backup-progress`). */
  'library:backup': { input: z.object({}).strict(), output: BackupResult },
  /** The backups in the library's `backups/` folder, newest first. */
  'library:backups': {
    input: z.object({}).strict(),
    output: z.object({ folder: z.string(), backups: z.array(BackupFile) }),
  },
  /** Restores one of those backups as a new library in `target`, an absolute folder that is missing or empty. */
  'library:restore': { input: z.object({ backup: BackupName, target: AbsolutePath }).strict(), output: RestoreResult },
  /** The libraries restored from this one's backups, the one it was restored from, and the one open before it. */
  'library:restores': { input: z.object({}).strict(), output: LibraryRestores },
  /**
   * Closes this library and opens one `library:restores` names in its place (refused while jobs run);
   * clients reload. Any other folder is refused.
   */
  'library:open': {
    input: z.object({ path: AbsolutePath }).strict(),
    output: z.object({ path: z.string(), name: z.string() }),
  },
} as const

export const libraryEvents = {
  /** Rows of these tables changed (change `seq` of the log); views that show them should reload. */
  'library:changed': LibraryChanged,
  /** Progress of a running `library:backup`. */
  'library:backup-progress': BackupProgress,
  /** `library:open` put another library in place of the open one: every client reloads onto it. */
  'library:opened': z.object({ path: z.string(), name: z.string() }),
} as const
