import type { JobSignal } from './job-signals'

// How long a runner holds back the news that a job started (or waits again): a job that ends within it is told once.
const HOLD_MS = 50

type Updated = Extract<JobSignal, { type: 'updated' }>

/**
 * How a runner tells the other runners of its shared queue that it changed a job: an end, or a job that waits for a
 * claim, at once; any other change after HOLD_MS, unless the job changes again meanwhile (then only that is told). A
 * short job's start and end were two signals, each heard and read by every process of a hub: now it is its end.
 */
export function jobUpdatesOut(send: (signal: JobSignal) => void) {
  const held = new Map<string, { signal: Updated; timer: NodeJS.Timeout }>()
  const release = (id: string) => {
    const holding = held.get(id)
    if (!holding) return
    clearTimeout(holding.timer)
    held.delete(id)
    send(holding.signal)
  }
  return {
    tell(signal: Updated, now: boolean): void {
      clearTimeout(held.get(signal.id)?.timer)
      held.delete(signal.id)
      if (now) return send(signal)
      const timer = setTimeout(() => release(signal.id), HOLD_MS)
      timer.unref()
      held.set(signal.id, { signal, timer })
    },
    /** Sends what it holds back at once (the runner closes). */
    flush(): void {
      for (const id of [...held.keys()]) release(id)
    },
  }
}
