import { z } from 'zod'
import { AnalysisJob } from './analyses'
import { BatchJob } from './batches'
import { HistoryImportJob } from './comfy-history'
import { RelinkJob, VerifyJob } from './health'
import { JobKind, JobProgress } from './job-parts'
import { AssetId, ImportKindJob } from './media'
import { ProcessingJob } from './processing'
import { SimilarHashJob } from './similar'
import { ComfyRunJob } from './comfy-runs'
import { CheckpointDeleteJob, PipelineRunJob } from './pipelines'

export * from './job-parts'

/**
 * Every job, of whatever kind, with its parameters and result typed by its kind: imports,
 * analyses, processing, verify, relink, history imports and batches all run on one runner.
 */
export const Job = z.discriminatedUnion('kind', [
  ImportKindJob,
  AnalysisJob,
  ProcessingJob,
  VerifyJob,
  RelinkJob,
  HistoryImportJob,
  BatchJob,
  SimilarHashJob,
  ComfyRunJob,
  PipelineRunJob,
  CheckpointDeleteJob,
])
export type Job = z.infer<typeof Job>

/** The job of one kind. */
export type JobOf<K extends JobKind> = Extract<Job, { kind: K }>
/** What a job of one kind stores as its parameters. */
export type JobParams<K extends JobKind> = JobOf<K>['params']
/** What a job of one kind ends with. */
export type JobResult<K extends JobKind> = NonNullable<JobOf<K>['result']>

export const jobChannels = {
  /** The newest jobs of every kind (imports among them), of one kind or of one asset when asked. */
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
