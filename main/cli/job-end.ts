import type { JobState } from '../../shared/contract'

const ENDED = new Set<JobState>(['done', 'failed', 'cancelled'])
// A job is also asked for this often: an event stream a proxy or a restart cut must not leave a command waiting.
const ASKED_EVERY_MS = 2000

/** Whether a job in `state` has ended. */
export const hasEnded = (state: JobState): boolean => ENDED.has(state)

/**
 * The end of one job, as a command follows it: told by its events (`tell`, any state; only an end counts), or found by
 * asking for the job now and then while `wait` waits.
 */
export function jobEnd<J extends { state: JobState }>() {
  let resolve: (job: J) => void = () => {}
  const ended = new Promise<J>((done) => (resolve = done))
  const tell = (job: J) => {
    if (hasEnded(job.state)) resolve(job)
  }
  return {
    tell,
    /** Resolves to the ended job, asking `ask` for it every few seconds meanwhile. */
    async wait(ask: () => Promise<J>): Promise<J> {
      const asking = setInterval(() => ask().then(tell, () => undefined), ASKED_EVERY_MS)
      try {
        return await ended
      } finally {
        clearInterval(asking)
      }
    },
  }
}
