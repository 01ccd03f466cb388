import type { ImportProgress } from '../../shared/contract'

const TICK_MS = 100

/**
 * Counts files and bytes of a running job and sends at most one `import:progress` event per
 * tick: progress is for eyes, so it goes out as events and is never written to the database.
 */
export function createProgressTracker(jobId: string, send: (progress: ImportProgress) => void) {
  let filesTotal: number | null = null
  let bytesTotal: number | null = null
  let filesDone = 0
  let bytesFinished = 0
  let current: string | null = null
  const bytesInFlight = new Map<number, number>()
  let dirty = false

  const snapshot = (): ImportProgress => {
    let bytesDone = bytesFinished
    for (const bytes of bytesInFlight.values()) bytesDone += bytes
    return { jobId, filesDone, filesTotal, bytesDone, bytesTotal, current }
  }
  const timer = setInterval(() => {
    if (!dirty) return
    dirty = false
    send(snapshot())
  }, TICK_MS)
  timer.unref()

  return {
    setTotals(files: number, bytes: number): void {
      filesTotal = files
      bytesTotal = bytes
      dirty = true
    },
    started(seq: number, name: string): void {
      current = name
      bytesInFlight.set(seq, 0)
      dirty = true
    },
    bytes(seq: number, done: number): void {
      bytesInFlight.set(seq, done)
      dirty = true
    },
    finished(seq: number, size: number | null): void {
      bytesInFlight.delete(seq)
      filesDone++
      bytesFinished += size ?? 0
      dirty = true
    },
    /** Files and bytes of the files that reached an outcome. */
    done(): { files: number; bytes: number } {
      return { files: filesDone, bytes: bytesFinished }
    },
    /**
     * Sends the final figures and stops ticking. Files still in flight were abandoned (a cancel):
     * their partial bytes are dropped, so the last event shows what the stored job will show.
     */
    stop(): void {
      clearInterval(timer)
      current = null
      bytesInFlight.clear()
      send(snapshot())
    },
  }
}
export type ProgressTracker = ReturnType<typeof createProgressTracker>
