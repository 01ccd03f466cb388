import { z } from 'zod'

/**
 * What a job does: an import of files, an analysis or a processing of one asset, a verify or
 * relink of assets' files, an import of a ComfyUI history, a batch (an analyzer or processor over many assets),
 * the hashing of frames for near-duplicates, a run on ComfyUI, a pipeline run, one stage of a pipeline run for a team
 * library's workers (`pipeline-text`: the text stage, which needs Tesseract), a deletion of checkpoints, a push to a
 * team library, or the upkeep that follows other jobs: an import's thumbnails and sidecar pairing, and the set of
 * assets with near-duplicates.
 */
export const JobKind = z.enum([
  'import',
  'analysis',
  'processing',
  'verify',
  'relink',
  'history-import',
  'batch',
  'similar-hash',
  'comfy-run',
  'pipeline-run',
  'pipeline-stage',
  'pipeline-text',
  'checkpoint-delete',
  'push',
  'thumbnails',
  'sidecar-pairing',
  'near-duplicate-set',
])
export type JobKind = z.infer<typeof JobKind>

/** Where a job stands: queued, running, or ended one of three ways. */
export const JobState = z.enum(['queued', 'running', 'done', 'failed', 'cancelled'])
export type JobState = z.infer<typeof JobState>

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
 * A job of one kind, stored at every state change (a job whose process stopped before it finished
 * is failed as interrupted), with its parameters and its result (null until it ends, and for a job
 * that ended with nothing to show), and while it runs in this process its progress.
 */
export function jobOf<K extends JobKind, P extends z.ZodType, R extends z.ZodType>(kind: K, params: P, result: R) {
  return z.object({
    id: z.uuid(),
    kind: z.literal(kind),
    state: JobState,
    title: z.string(),
    /** The asset the job works on, if one. */
    assetId: z.string().nullable(),
    params,
    result: result.nullable(),
    error: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    progress: JobProgress.nullable(),
    /** Who asked for it, by name (a team library's person), when known. */
    requestedBy: z.string().nullable(),
    /** Who cancelled it, by name (a team library's person), for a job that ended cancelled by someone. */
    cancelledBy: z.string().nullable(),
    /** The runner that holds it, or held it last (`host:pid:…`: a worker, a hub, an app); null while it waits. */
    worker: z.string().nullable(),
    /** How many times a runner took it from a team library's queue (more than 1: a worker stopped during it). */
    attempts: z.number().int().nonnegative(),
  })
}
