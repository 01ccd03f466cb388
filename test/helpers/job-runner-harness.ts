import os from 'node:os'
import { Job, type JobKind, type JobParams } from '../../shared/contract'
import type { JobHolder, JobsRepo } from '../../main/db/repos/jobs'
import { createJobRegistry, type AnyJobHandler, type JobContext } from '../../main/jobs/job-handler'
import { createJobRunner } from '../../main/jobs/runner'
import type { JobListeners, SharedQueue } from '../../main/jobs/runner-options'
import type { JobSignal, JobSignals } from '../../main/jobs/job-signals'

/** A holder of a job that is process `pid` on this host, its lease running `leaseMs` from now. */
export function holderOf(pid: number, leaseMs = 60_000): JobHolder {
  const host = os.hostname()
  return { id: `${host}:${pid}:test`, host, pid, started: null, leaseUntil: Date.now() + leaseMs }
}

/** A job to start in a test: its kind, title, asset and the parameters its service stores. */
export interface TestSpec<K extends JobKind> {
  kind: K
  title: string
  assetId?: string | null
  params: JobParams<K>
}

/** How a kind queues in a test registry (its exclusive key, whether uncounted, whether retryable). */
export type TestHints = Partial<Record<JobKind, { exclusive?: string; uncounted?: boolean; retryable?: boolean }>>

/** The work a test gives each job it starts. */
export type TestWork = (context: JobContext<unknown>) => Promise<unknown>

/** How a test runner runs: the lease of its jobs, and the work of a job it takes over from another holder. */
export interface HarnessOptions {
  leaseMs?: number
  takenOver?: TestWork
  /** A queue shared with other runners (a hub's, in one process here). */
  queue?: SharedQueue
}

/** Signals between runners of one process, as a hub's processes send them through PostgreSQL (asynchronously). */
export function memorySignals(): JobSignals & { sent: JobSignal[] } {
  const hearers = new Set<(signal: JobSignal) => void>()
  const sent: JobSignal[] = []
  return {
    sent,
    send(signal) {
      sent.push(signal)
      setImmediate(() => hearers.forEach((heard) => heard(signal)))
    },
    listen(heard) {
      hearers.add(heard)
      return () => void hearers.delete(heard)
    },
  }
}

/**
 * A runner over `repo` whose handlers (one per kind, with the contract's schemas) run the work the test gave
 * each job as it started it: `start(spec, work)` in place of the runner's `start(kind, params, label)`.
 */
export function harnessRunner(
  repo: JobsRepo,
  listeners: JobListeners,
  concurrency: number,
  hints: TestHints = {},
  options: HarnessOptions = {},
) {
  const works = new Map<string, TestWork>()
  const handlers = Job.options.map((schema): AnyJobHandler<null> => {
    const kind = schema.shape.kind.value
    return {
      kind,
      params: schema.shape.params,
      result: schema.shape.result.unwrap(),
      retryable: hints[kind]?.retryable ?? false,
      runs: 'starter',
      exclusive: hints[kind]?.exclusive,
      uncounted: hints[kind]?.uncounted,
      run: async (_lib, _params, context) => {
        const work = works.get(context.jobId) ?? options.takenOver
        return work!(context as JobContext<unknown>)
      },
    }
  })
  const runner = createJobRunner(
    repo,
    listeners,
    createJobRegistry(handlers, () => null),
    {
      concurrency,
      leaseMs: options.leaseMs,
      queue: options.queue,
    },
  )
  return {
    ...runner,
    /** The runner itself, as a library holds it. */
    real: runner,
    /** Starts a job of the spec's kind whose work is `work`. */
    start<K extends JobKind>(spec: TestSpec<K>, work: TestWork) {
      // The work is known by the job's id before the job can run.
      const stored = async (id: string) => void works.set(id, work)
      return runner.start(spec.kind, spec.params, { title: spec.title, assetId: spec.assetId, stored })
    },
  }
}
