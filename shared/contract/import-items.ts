import { z } from 'zod'

/** What became of one file of an import. */
export const ImportOutcome = z.enum(['imported', 'duplicate', 'failed'])
export type ImportOutcome = z.infer<typeof ImportOutcome>

/** Most per-file outcomes one `import:get` answer holds (a job may have 10,000 files). */
export const MAX_IMPORT_ITEMS_PAGE = 1000

/**
 * The last outcome of an `import:get` page; the next page starts after it. Pages list the
 * failures first, then the duplicates, then the imported files, each in file order (seq).
 */
export const ImportItemsCursor = z
  .object({ outcome: ImportOutcome, seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER) })
  .strict()
export type ImportItemsCursor = z.infer<typeof ImportItemsCursor>

/** The input of `import:get`: a job, optionally only one outcome, one page at a time. */
export const ImportItemsQuery = z
  .object({
    jobId: z.uuid(),
    outcome: ImportOutcome.optional(),
    after: ImportItemsCursor.nullable().default(null),
    limit: z.number().int().min(1).max(MAX_IMPORT_ITEMS_PAGE).default(MAX_IMPORT_ITEMS_PAGE),
  })
  .strict()
export type ImportItemsQuery = z.output<typeof ImportItemsQuery>

/** Query of the web host's `DELETE /upload`: an upload a cancelled drop will not import. */
export const UploadDiscardQuery = z.object({ id: z.uuid() }).strict()
