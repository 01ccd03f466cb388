import { z } from 'zod'
import { HEALTH_ITEMS_LISTED, HealthParams, HealthResult } from '../../../shared/contract'
import type { HealthCounts, HealthItem, HealthJobKind, JobOf } from '../../../shared/contract'
import type { Library } from '../library-context'
import { createFileTally, type FileTally } from '../../jobs/file-tally'
import { jobHandler, type JobContext } from '../../jobs/job-handler'

/** What a verify's or relink's work gets: its abort signal, its progress and where its results go. */
export interface HealthRun extends FileTally {
  signal: AbortSignal
  /** Counts one asset's result; all but `ok` are listed too (up to HEALTH_ITEMS_LISTED). */
  record(item: HealthItem): void
}

// Both read whole files: two side by side on one disk take longer than one after the other.
const EXCLUSIVE = 'health'

/** What a verify or relink job stores: the folder a relink searches, and the assets it checks (absent: every one). */
export const HealthJobParams = HealthParams.extend({ ids: z.array(z.string()).optional() })
export type HealthJobParams = z.infer<typeof HealthJobParams>

/**
 * Queues a verify or relink on the job runner (one health job at a time). The job's result is a
 * `HealthResult`, stored however it ends, so what it found outlives the process; its progress
 * carries files and bytes, the bytes of the files in flight included.
 */
export async function startHealthJob<K extends HealthJobKind>(
  lib: Pick<Library, 'jobs'>,
  kind: K,
  params: HealthJobParams,
): Promise<JobOf<K>> {
  const title = kind === 'verify' ? 'Verify files' : `Relink moved files from ${params.folder}`
  // The runner stores the kind it was given.
  return (await lib.jobs.start<HealthJobKind>(kind, params, { title })) as JobOf<K>
}

/** The handler of a health kind: `work` is its verify or relink of the stored parameters, on the parts it takes. */
export function healthHandler<L>(
  kind: HealthJobKind,
  work: (lib: L, run: HealthRun, params: HealthJobParams) => Promise<void>,
) {
  return jobHandler({
    kind,
    params: HealthJobParams,
    result: HealthResult,
    retryable: false,
    // A verify reads the store's copies and the catalogue; a relink reads folders on its starter's machine.
    runs: kind === 'verify' ? 'anywhere' : 'starter',
    exclusive: EXCLUSIVE,
    run: (lib: L & Pick<Library, 'changes'>, params, context) =>
      runHealth(lib, context, (run) => work(lib, run, params)),
  })
}

async function runHealth(
  lib: Pick<Library, 'changes'>,
  context: JobContext<HealthResult>,
  work: (run: HealthRun) => Promise<void>,
): Promise<HealthResult> {
  const result: HealthResult = {
    files: { done: 0, total: null },
    bytes: { done: 0, total: null },
    counts: noCounts(),
    items: [],
    unlisted: 0,
  }
  context.keep(result)
  const tally = createFileTally(context.progress, result.files, result.bytes)
  try {
    // What it changes goes out as one change when it ends: the views reload once, not per asset.
    await lib.changes.batch(() =>
      work({
        ...tally,
        signal: context.signal,
        record(item) {
          result.counts[item.outcome] += 1
          if (item.outcome === 'ok') return
          if (result.items.length < HEALTH_ITEMS_LISTED) result.items.push(item)
          else result.unlisted += 1
        },
      }),
    )
  } finally {
    tally.settle()
  }
  return result
}

function noCounts(): HealthCounts {
  return { ok: 0, changed: 0, missing: 0, failed: 0, skipped: 0, relinked: 0, copied: 0, present: 0 }
}

/**
 * Runs `each` over the items `next` hands out, `concurrency` at a time, until it runs dry or
 * `signal` aborts. `next` is pulled lazily, so a caller can page through a table as it goes.
 */
export async function forEachConcurrently<T>(
  next: () => Promise<T | undefined>,
  concurrency: number,
  signal: AbortSignal,
  each: (item: T) => Promise<void>,
): Promise<void> {
  const worker = async () => {
    for (let item = await next(); item !== undefined && !signal.aborted; item = await next()) await each(item)
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
}
