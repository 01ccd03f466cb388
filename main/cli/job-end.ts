import type { JobState } from '../../shared/contract'
import { AppError } from '../../shared/errors'

const ENDED = new Set<JobState>(['done', 'failed', 'cancelled'])
// A job is also asked for this often: an event stream a proxy or a restart cut must not leave a command waiting.
const ASKED_EVERY_MS = 2000
// Asks in a row that got no answer before the command says it is waiting for the host (6 s).
const SILENT_ASKS = 3
// Answers that end the wait: the person may no longer follow the job, and asking again will not change that.
const REFUSALS: ReadonlySet<string> = new Set(['unauthorized', 'forbidden'])

/** Whether a job in `state` has ended. */
export const hasEnded = (state: JobState): boolean => ENDED.has(state)

/**
 * The end of one job, as a command follows it: told by its events (`tell`, any state; only an end counts), or found by
 * asking for the job now and then while `wait` waits. A host that stops answering is said on `report` ("No answer
 * from the hub; waiting") and again when it is back; a refusal (the token revoked, the person removed) ends the wait
 * with it, in its words.
 */
export function jobEnd<J extends { state: JobState }>() {
  let resolve: (job: J) => void = () => {}
  let reject: (error: AppError) => void = () => {}
  const ended = new Promise<J>((done, fail) => {
    resolve = done
    reject = fail
  })
  const tell = (job: J) => {
    if (hasEnded(job.state)) resolve(job)
  }
  return {
    tell,
    /** Resolves to the ended job, asking `ask` for it every few seconds meanwhile. */
    async wait(ask: () => Promise<J>, report: (line: string) => void = () => {}): Promise<J> {
      let unanswered = 0
      const answered = (job: J) => {
        if (unanswered >= SILENT_ASKS) report('The hub answers again.')
        unanswered = 0
        tell(job)
      }
      const failed = (error: unknown) => {
        if (error instanceof AppError && REFUSALS.has(error.code)) return reject(error)
        unanswered += 1
        if (unanswered === SILENT_ASKS) report(`No answer from the hub; waiting (${(error as Error).message})`)
      }
      const asking = setInterval(() => ask().then(answered, failed), ASKED_EVERY_MS)
      try {
        return await ended
      } finally {
        clearInterval(asking)
      }
    },
  }
}
