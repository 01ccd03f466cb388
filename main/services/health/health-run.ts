import { HEALTH_ITEMS_LISTED } from '../../../shared/contract'
import type {
  HealthCounts,
  HealthItem,
  HealthJobKind,
  HealthParams,
  HealthResult,
  JobOf,
} from '../../../shared/contract'
import type { Library } from '../../library/library'
import { createFileTally, type FileTally } from '../../jobs/file-tally'

/** What a verify's or relink's work gets: its abort signal, its progress and where its results go. */
export interface HealthRun extends FileTally {
  signal: AbortSignal
  /** Counts one asset's result; all but `ok` are listed too (up to HEALTH_ITEMS_LISTED). */
  record(item: HealthItem): void
}

/** The work of a verify or relink; it returns when done or, once `run.signal` aborts, as soon as it can. */
export type HealthWork = (run: HealthRun) => Promise<void>

// Both read whole files: two side by side on one disk take longer than one after the other.
const EXCLUSIVE = 'health'

/**
 * Queues a verify or relink on the job runner (one health job at a time). The job's result is a
 * `HealthResult`, stored however it ends, so what it found outlives the process; its progress
 * carries files and bytes, the bytes of the files in flight included.
 */
export function startHealthJob<K extends HealthJobKind>(
  lib: Library,
  kind: K,
  folder: string | null,
  work: HealthWork,
): JobOf<K> {
  const params: HealthParams = { folder }
  const title = kind === 'verify' ? 'Verify files' : `Relink moved files from ${folder}`
  const job = lib.jobs.start<HealthJobKind>({ kind, title, params, exclusive: EXCLUSIVE }, async (context) => {
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
  })
  // The runner stores the kind it was given.
  return job as JobOf<K>
}

function noCounts(): HealthCounts {
  return { ok: 0, changed: 0, missing: 0, failed: 0, skipped: 0, relinked: 0, copied: 0, present: 0 }
}

/**
 * Runs `each` over the items `next` hands out, `concurrency` at a time, until it runs dry or
 * `signal` aborts. `next` is pulled lazily, so a caller can page through a table as it goes.
 */
export async function forEachConcurrently<T>(
  next: () => T | undefined,
  concurrency: number,
  signal: AbortSignal,
  each: (item: T) => Promise<void>,
): Promise<void> {
  const worker = async () => {
    for (let item = next(); item !== undefined && !signal.aborted; item = next()) await each(item)
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
}
