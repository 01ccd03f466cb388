import type { Job, JobKind, JobProgress } from '../../shared/contract'
import type { JobsRepo, StoredJob } from '../db/repos/jobs'
import { progressOf, type BoundJobHandler } from './job-handler'
import type { JobLabel } from './runner-options'

/** A job while its work runs: how to stop it, and the progress last reported (sent at the next tick when dirty). */
export interface Running {
  controller: AbortController
  progress: JobProgress | null
  dirty: boolean
}

/** A job a runner holds, queued or running; `settled` resolves once the runner lets it go. */
export interface Entry {
  id: string
  kind: JobKind
  title: string
  assetId: string | null
  handler: BoundJobHandler
  params: unknown
  running: Running | null
  settled: Promise<void>
  settle(): void
}

/** The entry of a job a runner holds, by its label, handler and checked parameters. */
export function newEntry(id: string, label: JobLabel, handler: BoundJobHandler, params: unknown): Entry {
  let settle = () => {}
  const settled = new Promise<void>((resolve) => (settle = resolve))
  const { title } = label
  return {
    id,
    kind: handler.kind,
    title,
    assetId: label.assetId ?? null,
    handler,
    params,
    running: null,
    settled,
    settle,
  }
}

/** What running an entry needs of its runner. */
export interface EntryRunner {
  repo: JobsRepo
  ownerId: string
  /** Tells every window of the job as it stands (as the runner's write returned it): the job as told. */
  announce(id: string, written: StoredJob): Promise<Job>
  /** Sends the progress a tick has not carried yet (`last`: the job ends next). */
  send(entry: Entry, last?: boolean): void
  /** Hears that the work reported progress (the runner checks its lease when a beat is long overdue). */
  reported(): void
  /** Renews the job's lease now; throws once another runner took it over. */
  stillHeld(entry: Entry): Promise<void>
}

/**
 * Runs an entry's work: its row marked started (nothing runs when another holder has it), the handler called with
 * the job's context, and its end stored (cancelled when its signal aborted, failed with the error's words and what
 * it kept, or done with its result), each told to every window. Writes are conditional on still holding the job.
 * Resolves to the job as it ended when this runner stored its end (its follow-ups are this runner's to queue), else
 * null.
 */
export async function runEntry(entry: Entry, runner: EntryRunner): Promise<Job | null> {
  const { repo, ownerId } = runner
  // Running from here on for a cancel, which aborts it: before its row says so, or while it works.
  const state: Running = { controller: new AbortController(), progress: null, dirty: false }
  entry.running = state
  const started = await repo.start(entry.id, now(), ownerId)
  if (!started) {
    entry.running = null
    return null
  }
  await runner.announce(entry.id, started)
  const { signal } = state.controller
  let kept: unknown
  let result: unknown
  let failure: Error | undefined
  try {
    signal.throwIfAborted()
    result = entry.handler.result(
      await entry.handler.run(entry.params, {
        jobId: entry.id,
        assetId: entry.assetId,
        signal,
        progress(fraction, doing, counts) {
          runner.reported()
          state.progress = progressOf(fraction, doing, counts)
          state.dirty = true
        },
        keep: (value) => void (kept = value),
        held: () => runner.stillHeld(entry),
      }),
    )
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error))
  }
  // The figures it ended on, which a tick may not have carried yet, go out before its end.
  runner.send(entry, true)
  entry.running = null
  result ??= kept
  const ended = signal.aborted
    ? await repo.finish(entry.id, 'cancelled', now(), null, result, ownerId)
    : failure
      ? await repo.finish(entry.id, 'failed', now(), failure.message, kept, ownerId)
      : await repo.finish(entry.id, 'done', now(), null, result, ownerId)
  return ended && runner.announce(entry.id, ended)
}

function now(): string {
  return new Date().toISOString()
}
