import { z } from 'zod'
import { jobOf, JobState, Tally } from './job-parts'

// An import as a job: what each file came to, what the job stores and how it is shown (re-exported by media.ts).

/** The existing asset an outcome refers to. */
export const AssetRef = z.object({ id: z.string(), name: z.string(), filePath: z.string() })
export type AssetRef = z.infer<typeof AssetRef>

/** What happened to one file of an import. `asset` is the new asset, or the one it duplicates. */
export const ImportItem = z.object({
  seq: z.number().int().nonnegative(),
  path: z.string(),
  name: z.string(),
  sizeBytes: z.number().int().nonnegative().nullable(),
  outcome: z.enum(['imported', 'duplicate', 'failed']),
  asset: AssetRef.nullable(),
  reason: z.string().nullable(),
})
export type ImportItem = z.infer<typeof ImportItem>

/** How many of an import's files reached each outcome. */
export const ImportCounts = z.object({
  imported: z.number().int().nonnegative(),
  duplicate: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
})
export type ImportCounts = z.infer<typeof ImportCounts>

/**
 * What an import job stores as its parameters: where its files come from, who started it, and for the outputs of a
 * processor or a generator what they are (`processed`, `generated`).
 */
export const ImportParams = z.object({
  source: z.enum(['paths', 'upload']),
  link: z.boolean(),
  importedBy: z.string(),
  sourceType: z.enum(['processed', 'generated']).optional(),
})
export type ImportParams = z.infer<typeof ImportParams>

/**
 * What an import job stores as its result (also when cancelled or failed): the files and bytes it
 * went through of the totals it found, and how many files reached each outcome.
 */
export const ImportResult = z.object({ files: Tally, bytes: Tally, counts: ImportCounts })
export type ImportResult = z.infer<typeof ImportResult>

/** An import as a job of the runner (`jobs:*`); `import:*` answer the same job as an `ImportJob`. */
export const ImportKindJob = jobOf('import', ImportParams, ImportResult)

/** An import job as `import:*` show it: its state, files and bytes, and outcome counts. */
export const ImportJob = z.object({
  id: z.string(),
  state: JobState,
  source: z.enum(['paths', 'upload']),
  link: z.boolean(),
  importedBy: z.string(),
  /** The person who started it on a team hub, by name (the job's `requestedBy`); null on a person's own library. */
  requestedBy: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  filesTotal: z.number().int().nonnegative().nullable(),
  bytesTotal: z.number().int().nonnegative().nullable(),
  /** Files that reached an outcome and their bytes, stored when the job ends; null while it is queued or running. */
  filesDone: z.number().int().nonnegative().nullable(),
  bytesDone: z.number().int().nonnegative().nullable(),
  counts: ImportCounts,
  error: z.string().nullable(),
})
export type ImportJob = z.infer<typeof ImportJob>

/** Live progress of a running import; sent as events, never stored. */
export const ImportProgress = z.object({
  jobId: z.string(),
  filesDone: z.number().int().nonnegative(),
  filesTotal: z.number().int().nonnegative().nullable(),
  bytesDone: z.number().int().nonnegative(),
  bytesTotal: z.number().int().nonnegative().nullable(),
  current: z.string().nullable(),
})
export type ImportProgress = z.infer<typeof ImportProgress>
