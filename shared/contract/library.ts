import { z } from 'zod'

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
  bytesOnDisk: z.object({
    database: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
  }),
})
export type LibraryInfo = z.infer<typeof LibraryInfo>

/** A display name for a library: trimmed, not empty, no control characters. */
export const LibraryName = z
  .string()
  .trim()
  .min(1, 'The name must not be empty.')
  .max(LIBRARY_NAME_MAX, `The name must be at most ${LIBRARY_NAME_MAX} characters.`)
  // eslint-disable-next-line no-control-regex -- the point is to reject control characters
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), 'The name must not contain control characters.')

export const libraryChannels = {
  /** Location, schema version, row counts per table and bytes on disk of the open library. */
  'library:info': { input: z.object({}).strict(), output: LibraryInfo },
  /** Gives the library a new display name; returns the name as stored. Views reload on `library:changed`. */
  'library:rename': { input: z.object({ name: LibraryName }).strict(), output: z.object({ name: z.string() }) },
} as const

export const libraryEvents = {
  /** Rows of these tables changed; views that show them should reload. */
  'library:changed': z.object({ tables: z.array(z.string()) }),
} as const
