import { HEALTH_ITEMS_LISTED } from '../../../shared/contract'
import type { HealthCounts, HealthItem, HealthJobKind, HealthParams, HealthResult } from '../../../shared/contract'
import type { Library } from '../../library/library'
import type { JobStatus } from '../../jobs/runner'

/** What a verify's or relink's work gets: its abort signal, its progress and where its results go. */
export interface HealthRun {
  signal: AbortSignal
  /** Sets the files and bytes the job will go through. */
  setTotals(files: number, bytes: number): void
  /** Says the job works on file `seq` now (named `name` in the progress). */
  started(seq: number, name: string): void
  /** Bytes of file `seq` read so far. */
  bytes(seq: number, done: number): void
  /** File `seq` (of `size` bytes) reached its outcome. */
  finished(seq: number, size: number | null): void
  /** Counts one asset's result; all but `ok` are listed too (up to HEALTH_ITEMS_LISTED). */
  record(item: HealthItem): void
  /** Says stored results changed, so `library:changed` goes out when the job ends. */
  changed(): void
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
export function startHealthJob(lib: Library, kind: HealthJobKind, folder: string | null, work: HealthWork): JobStatus {
  const params: HealthParams = { folder }
  const title = kind === 'verify' ? 'Verify files' : `Relink moved files from ${folder}`
  return lib.jobs.start({ kind, title, params, exclusive: EXCLUSIVE }, async (context) => {
    const result: HealthResult = {
      files: { done: 0, total: null },
      bytes: { done: 0, total: null },
      counts: noCounts(),
      items: [],
      unlisted: 0,
    }
    context.keep(result)
    const inFlight = new Map<number, number>()
    let current: string | undefined
    let changed = false
    const report = () => {
      let bytesDone = result.bytes.done
      for (const bytes of inFlight.values()) bytesDone += bytes
      const { files, bytes } = result
      const fraction = bytes.total ? bytesDone / bytes.total : files.total ? files.done / files.total : 0
      context.progress(fraction, current, { files: { ...files }, bytes: { done: bytesDone, total: bytes.total } })
    }
    try {
      await work({
        signal: context.signal,
        setTotals(files, bytes) {
          result.files.total = files
          result.bytes.total = bytes
          report()
        },
        started(seq, name) {
          current = name
          inFlight.set(seq, 0)
          report()
        },
        bytes(seq, done) {
          inFlight.set(seq, done)
          report()
        },
        finished(seq, size) {
          inFlight.delete(seq)
          result.files.done += 1
          result.bytes.done += size ?? 0
          report()
        },
        record(item) {
          result.counts[item.outcome] += 1
          if (item.outcome === 'ok') return
          if (result.items.length < HEALTH_ITEMS_LISTED) result.items.push(item)
          else result.unlisted += 1
        },
        changed: () => void (changed = true),
      })
    } finally {
      // Files cut short by a cancel have no outcome: their partial bytes go, so the last progress
      // shows the figures the stored result keeps.
      inFlight.clear()
      current = undefined
      report()
      if (changed) lib.events.emit('library:changed', { tables: ['videos'] })
    }
  })
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
