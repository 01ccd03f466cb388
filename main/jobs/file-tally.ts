import type { Tally } from '../../shared/contract'
import type { JobContext } from './job-handler'

/** How a job that goes through files says how far it is. */
export interface FileTally {
  /** Sets the files and bytes the job will go through. */
  setTotals(files: number, bytes: number): void
  /** Says the job works on file `seq` now (named `name` in the progress). */
  started(seq: number, name: string): void
  /** Bytes of file `seq` read so far. */
  bytes(seq: number, done: number): void
  /** File `seq` (of `size` bytes) reached its outcome. */
  finished(seq: number, size: number | null): void
}

/**
 * Counts the files and bytes a job goes through into `files` and `bytes` (its result's tallies,
 * changed in place), and reports them as the job's progress with the bytes of the files in flight
 * (the fraction by bytes once their total is known, else by files). `settle` drops the files in
 * flight, which a cancel cut short, and reports the figures the stored result keeps.
 */
export function createFileTally(
  progress: JobContext<unknown>['progress'],
  files: Tally,
  bytes: Tally,
): FileTally & { settle(): void } {
  const inFlight = new Map<number, number>()
  let current: string | undefined
  const report = () => {
    let bytesDone = bytes.done
    for (const done of inFlight.values()) bytesDone += done
    const fraction = bytes.total ? bytesDone / bytes.total : files.total ? files.done / files.total : 0
    progress(fraction, current, { files: { ...files }, bytes: { done: bytesDone, total: bytes.total } })
  }
  return {
    setTotals(fileCount, byteCount) {
      files.total = fileCount
      bytes.total = byteCount
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
      files.done += 1
      bytes.done += size ?? 0
      report()
    },
    settle() {
      inFlight.clear()
      current = undefined
      report()
    },
  }
}
