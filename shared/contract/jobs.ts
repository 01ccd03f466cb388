import { z } from 'zod'
import { AnalysisJob } from './analyses'
import { BatchJob } from './batches'
import { HistoryImportJob } from './comfy-history'
import { RelinkJob, VerifyJob } from './health'
import { JobKind, JobProgress } from './job-parts'
import { AssetId, ImportKindJob } from './media'
import { ProcessingJob } from './processing'
import { PushJob } from './push'
import { SimilarHashJob } from './similar'
import { ComfyRunJob } from './comfy-runs'
import { NearDuplicateSetJob, SidecarPairingJob, ThumbnailsJob } from './upkeep-jobs'
import { CheckpointDeleteJob, PipelineRunJob, PipelineStageJob, PipelineTextJob } from './pipelines'

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
  PipelineStageJob,
  PipelineTextJob,
  CheckpointDeleteJob,
  PushJob,
  ThumbnailsJob,
  SidecarPairingJob,
  NearDuplicateSetJob,
])
export type Job = z.infer<typeof Job>

/** The job of one kind. */
export type JobOf<K extends JobKind> = Extract<Job, { kind: K }>
/** What a job of one kind stores as its parameters. */
export type JobParams<K extends JobKind> = JobOf<K>['params']
/** What a job of one kind ends with. */
export type JobResult<K extends JobKind> = NonNullable<JobOf<K>['result']>

/** A runner that claims jobs from a team library's queue (a worker, or the hub's own process), as last heard of. */
export const QueueWorker = z.object({
  /** Its owner id (`host:pid:…`), as a job it holds names it in `worker`. */
  id: z.string(),
  host: z.string(),
  pid: z.number().int(),
  /** The kinds it claims. */
  kinds: z.array(JobKind),
  /** Jobs it runs at once at most, and now. */
  concurrency: z.number().int(),
  running: z.number().int(),
  seenAt: z.string(),
})
export type QueueWorker = z.infer<typeof QueueWorker>

/**
 * Where a library's long jobs run: in a team library (`shared`) the jobs of `kinds` wait in a queue for the workers
 * heard of lately to claim them (`waiting` of them now); elsewhere each runs in the process that started it.
 * `rerunnable`: the kinds whose failed or cancelled jobs jobs:retry queues again.
 */
export const JobQueue = z.object({
  shared: z.boolean(),
  kinds: z.array(JobKind),
  workers: z.array(QueueWorker),
  waiting: z.number().int().nonnegative(),
  rerunnable: z.array(JobKind),
})
export type JobQueue = z.infer<typeof JobQueue>

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
  /**
   * Queues a failed or cancelled job again with the parameters it was asked with, its error and result cleared
   * (a kind in the queue's `rerunnable` only: an import, a batch, a ComfyUI run is started anew instead).
   */
  'jobs:retry': { input: z.object({ jobId: z.uuid() }).strict(), output: z.object({ job: Job }) },
  /** Where long jobs run: a team library's queue and the workers claiming from it. */
  'jobs:queue': { input: z.object({}).strict(), output: JobQueue },
} as const

export const jobEvents = {
  /** A job changed state. */
  'job:updated': z.object({ job: Job }),
  /** A running job's progress (at most every 100 ms per job, and its last figures before it ends). */
  'job:progress': JobProgress.extend({ jobId: z.uuid(), kind: JobKind }),
} as const
