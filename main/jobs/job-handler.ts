import type { z } from 'zod'
import { JobKind, type Job, type JobParams, type JobProgress, type JobResult, type Tally } from '../../shared/contract'
import { AppError } from '../../shared/errors'

/** What a running job's work gets: its id and asset, its abort signal and ways to report progress and keep what it found. */
export interface JobContext<R> {
  jobId: string
  /** The asset stored beside the job, if one. */
  assetId: string | null
  signal: AbortSignal
  /** How far it is (0–1), what it does, and for work that goes through files their files and bytes. */
  progress(fraction: number, doing?: string, counts?: { files?: Tally; bytes?: Tally }): void
  /**
   * The result to store should the job be cancelled or fail (what it found so far), and when it
   * resolves to undefined. Serialised when the job ends, so a value changed in place is stored as it is then.
   */
  keep(result: R): void
  /**
   * Renews the job's lease now and throws when its runner no longer holds it (another took it over while this one
   * was stopped; the signal aborts too): work calls it before it writes what it found, so a late result is dropped.
   */
  held(): Promise<void>
}

/**
 * Why a job's work is stopped when another runner took the job over (this one was stopped past its lease): what
 * the work shares with the new holder (a folder it fills, a row it made) is the new holder's now, to be left alone.
 */
export class JobTakenOver extends AppError {
  constructor() {
    super('conflict', 'Another Framevault process took this job over.')
  }
}

/**
 * Where a kind's jobs may run: in the process that queued them (`starter`: it reads files on its machine, talks to
 * a server it reaches, or hands work out itself), or on any runner of a team library's shared queue (`anywhere`:
 * its inputs and outputs are in the catalogue and the store, so a worker on another machine can run it).
 */
export type JobPlace = 'starter' | 'anywhere'

/** What a machine must have to run a kind's jobs, beyond ffmpeg and the catalogue (a worker without it leaves them). */
export type JobNeed = 'tesseract'

/**
 * The one handler of a job kind: what its stored parameters and result are (JSON, checked by zod), whether a job
 * whose process vanished may be run again elsewhere, how it queues, and its work. `L` is what the work runs
 * against (the library, composed above this layer). Parameters alone (with `L`) must be enough to run the job, so
 * another process can. The params schema may hold more than the contract shows (it strips the rest on reading).
 */
export interface JobHandler<K extends JobKind, L, P = JobParams<K>> {
  kind: K
  params: z.ZodType<P>
  result: z.ZodType<JobResult<K>>
  /** Whether a job whose owner lost its lease is queued again (its work resumes or repeats safely) rather than failed. */
  retryable: boolean
  /** Where its jobs may run (see JobPlace). */
  runs: JobPlace
  /** What a machine must have to run them. */
  needs?: readonly JobNeed[]
  /**
   * As a follow-up (app/job-follow-ups.ts): queues this kind's job for what `ended` did, when there is work for it
   * (the thumbnails of the assets an import brought in, none when it brought in none).
   */
  after?(lib: L, ended: Job): Promise<unknown>
  /**
   * Whether a failed or cancelled job is queued again as it was asked for when a person retries it (default true);
   * false for kinds with rows of their own that tell how the job ended (an import's files, a batch's assets).
   */
  rerunnable?: boolean
  /**
   * Jobs with the same key run one at a time in a process (others still run beside them): for disk-bound work,
   * where two at once take longer than one after the other.
   */
  exclusive?: string
  /**
   * Runs without taking one of the runner's places (its `exclusive` key still queues it): for work other jobs
   * start and wait on, such as the import of a processing job's output, which would never start while every
   * place is held by a job waiting for it.
   */
  uncounted?: boolean
  /**
   * Kinds of jobs its work starts and waits on, one after the other (a pipeline run's stages): in a shared queue
   * that takes them, it runs without taking a place, as `uncounted` would (the workers do the work); elsewhere it
   * takes one, as its work is done here.
   */
  waitsOn?: readonly JobKind[]
  /** The work: resolves to the result (stored as JSON) or throws; stops soon after `context.signal` aborts. */
  run(lib: L, params: P, context: JobContext<JobResult<K>>): Promise<JobResult<K>>
}

/** A handler of any kind, as a list of them holds it. */
export interface AnyJobHandler<L> {
  kind: JobKind
  params: z.ZodType
  result: z.ZodType
  retryable: boolean
  runs: JobPlace
  needs?: readonly JobNeed[]
  after?(lib: L, ended: Job): Promise<unknown>
  rerunnable?: boolean
  exclusive?: string
  uncounted?: boolean
  waitsOn?: readonly JobKind[]
  run(lib: L, params: never, context: JobContext<never>): Promise<unknown>
}

/** A handler bound to what it runs against, as the runner calls it. */
export interface BoundJobHandler {
  kind: JobKind
  retryable: boolean
  runs: JobPlace
  needs: readonly JobNeed[]
  rerunnable: boolean
  exclusive: string | undefined
  uncounted: boolean
  waitsOn: readonly JobKind[]
  /** The parameters as stored, checked; AppError 'validation' naming the kind when they do not read. */
  params(value: unknown): unknown
  /** The result a job ended with, checked (a job that resolved to something else fails). */
  result(value: unknown): unknown
  run(params: unknown, context: JobContext<unknown>): Promise<unknown>
  /** Queues this kind's job as a follow-up of `ended`, when there is work for it (nothing for a kind that follows none). */
  after(ended: Job): Promise<unknown>
}

/** Every job kind's handler by name. */
export interface JobRegistry {
  /** The handler of `kind`; AppError 'validation' for a kind no handler is registered for. */
  handler(kind: string): BoundJobHandler
  /** The handlers of the kinds that follow a job of `kind` when it ends, in their order. */
  followUps(kind: JobKind): readonly BoundJobHandler[]
}

/** Which kinds follow a job of each kind when it ends (app/job-follow-ups.ts declares them). */
export type JobFollowUps = Partial<Record<JobKind, readonly JobKind[]>>

/** Declares a kind's handler (its type checked against its kind's contract). */
export function jobHandler<K extends JobKind, L, P>(handler: JobHandler<K, L, P>): AnyJobHandler<L> {
  return handler
}

/**
 * The registry of `handlers`, run against `library()` (asked for when a job runs), with the kinds that follow each
 * kind's jobs. Throws at once when a kind of the contract has no handler or one has two, or a follow-up cannot be
 * queued (its handler has no `after`), naming them: a library must not open with work it cannot run.
 */
export function createJobRegistry<L>(
  handlers: readonly AnyJobHandler<L>[],
  library: () => L,
  followUps: JobFollowUps = {},
): JobRegistry {
  const byKind = new Map<string, BoundJobHandler>()
  const twice = handlers.filter((one, at) => handlers.findIndex((other) => other.kind === one.kind) !== at)
  const missing = JobKind.options.filter((kind) => !handlers.some((one) => one.kind === kind))
  if (missing.length > 0 || twice.length > 0) {
    const said = [
      missing.length > 0 ? `no handler for ${missing.join(', ')}` : '',
      twice.length > 0 ? `more than one handler for ${twice.map((one) => one.kind).join(', ')}` : '',
    ]
    throw new AppError('internal', `Job handlers are incomplete: ${said.filter(Boolean).join('; ')}.`)
  }
  const unqueued = Object.values(followUps)
    .flat()
    .filter((kind) => !handlers.find((one) => one.kind === kind)?.after)
  if (unqueued.length > 0) {
    throw new AppError('internal', `Follow-up kinds without a way to queue them: ${[...new Set(unqueued)].join(', ')}.`)
  }
  for (const handler of handlers) {
    // Each handler's parameters are what its own schema read, so its run takes them.
    const run = handler.run as (lib: L, params: unknown, context: JobContext<unknown>) => Promise<unknown>
    byKind.set(handler.kind, {
      kind: handler.kind,
      retryable: handler.retryable,
      runs: handler.runs,
      needs: handler.needs ?? [],
      rerunnable: handler.rerunnable ?? true,
      exclusive: handler.exclusive,
      uncounted: handler.uncounted ?? false,
      waitsOn: handler.waitsOn ?? [],
      params(value) {
        const read = handler.params.safeParse(value)
        if (!read.success)
          throw new AppError('validation', `Parameters of a ${handler.kind} job: ${read.error.message}`)
        return read.data
      },
      result(value) {
        const read = handler.result.safeParse(value)
        if (!read.success) throw new AppError('internal', `The result of a ${handler.kind} job: ${read.error.message}`)
        return read.data
      },
      run: (params, context) => run(library(), params, context),
      after: async (ended) => handler.after?.(library(), ended),
    })
  }
  const handlerOf = (kind: string) => {
    const found = byKind.get(kind)
    if (!found) throw new AppError('validation', `No job kind ${JSON.stringify(kind)}.`)
    return found
  }
  return {
    handler: handlerOf,
    followUps: (kind) => (followUps[kind] ?? []).map(handlerOf),
  }
}

/** The progress a runner shows for a job, as JobContext.progress takes it. */
export function progressOf(fraction: number, doing?: string, counts?: { files?: Tally; bytes?: Tally }): JobProgress {
  return {
    fraction: Math.min(1, Math.max(0, fraction)),
    doing: doing ?? null,
    files: counts?.files ?? null,
    bytes: counts?.bytes ?? null,
  }
}
