import { z } from 'zod'
import { AssetId, ImportJobState } from './media'

/** What a job does (imports have their own jobs and channels); `verify` and `relink` check assets' files. */
export const JobKind = z.enum(['analysis', 'processing', 'verify', 'relink', 'history-import'])
export type JobKind = z.infer<typeof JobKind>

/** How many of something a job has done and has to do in all (the total null until it is known). */
export const Tally = z.object({
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative().nullable(),
})
export type Tally = z.infer<typeof Tally>

/**
 * How far a running job is: a fraction of its work and what it is doing, and for a job that goes
 * through files the files and bytes done (null for jobs that do not count them).
 */
export const JobProgress = z.object({
  fraction: z.number().min(0).max(1),
  doing: z.string().nullable(),
  files: Tally.nullable(),
  bytes: Tally.nullable(),
})
export type JobProgress = z.infer<typeof JobProgress>

/**
 * A job other than an import: stored at every state change (the import job's five states; a job
 * whose process stopped before it finished is failed as interrupted), its parameters and result
 * as JSON, and while it runs in this process its progress.
 */
export const Job = z.object({
  id: z.uuid(),
  kind: JobKind,
  state: ImportJobState,
  title: z.string(),
  /** The asset the job works on, if one. */
  assetId: z.string().nullable(),
  params: z.unknown(),
  result: z.unknown(),
  error: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  progress: JobProgress.nullable(),
})
export type Job = z.infer<typeof Job>

export const jobChannels = {
  /** The newest jobs, of one kind or of one asset when asked. */
  'jobs:list': {
    input: z
      .object({
        kind: JobKind.optional(),
        assetId: AssetId.optional(),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    output: z.object({ jobs: z.array(Job) }),
  },
  /** One job. */
  'jobs:get': { input: z.object({ jobId: z.uuid() }).strict(), output: z.object({ job: Job }) },
  /** Cancels a queued or running job and waits until it has stopped. */
  'jobs:cancel': { input: z.object({ jobId: z.uuid() }).strict(), output: z.object({ job: Job }) },
} as const

export const jobEvents = {
  /** A job changed state. */
  'job:updated': z.object({ job: Job }),
  /** A running job's progress (at most every 100 ms per job, and its last figures before it ends). */
  'job:progress': JobProgress.extend({ jobId: z.uuid(), kind: JobKind }),
} as const
