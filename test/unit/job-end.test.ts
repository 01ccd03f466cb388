import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AppError } from '../../shared/errors'
import { jobEnd } from '../../main/cli/job-end'

type Asked = { state: 'running' | 'done' }

// Issue 61 point 7: a command following a job on a hub that stops answering says so, and stops on a refusal.
describe('following a job to its end by asking', () => {
  beforeEach(() => void vi.useFakeTimers())
  afterEach(() => void vi.useRealTimers())

  /** A follow whose asks answer, in turn, what `answers` says; the lines it reports. */
  function follow(answers: Array<Asked | AppError>) {
    const lines: string[] = []
    const end = jobEnd<Asked>()
    const ask = async () => {
      const next = answers.shift() ?? { state: 'running' }
      if (next instanceof AppError) throw next
      return next
    }
    return { lines, ended: end.wait(ask, (line) => lines.push(line)) }
  }
  const lost = new AppError('unreachable', 'No answer from http://127.0.0.1:9: connect ECONNREFUSED.')

  it('says once that the hub does not answer after three silent asks, and again when it is back', async () => {
    const { lines, ended } = follow([lost, lost, { state: 'running' }, lost, lost, lost, lost, { state: 'done' }])
    await vi.advanceTimersByTimeAsync(6_000)
    // Two asks unanswered, then an answer: nothing to say.
    expect(lines).toEqual([])
    await vi.advanceTimersByTimeAsync(8_000)
    expect(lines).toEqual([
      'No answer from the hub; waiting (No answer from http://127.0.0.1:9: connect ECONNREFUSED.)',
    ])
    await vi.advanceTimersByTimeAsync(4_000)
    await expect(ended).resolves.toEqual({ state: 'done' })
    expect(lines.at(-1)).toBe('The hub answers again.')
  })

  it.each(['unauthorized', 'forbidden'] as const)(
    'ends at once, in its words, when the hub answers %s',
    async (code) => {
      const refusal = new AppError(code, 'Your access to Studio Reel was removed by Ada.')
      const { ended } = follow([refusal])
      const outcome = expect(ended).rejects.toBe(refusal)
      await vi.advanceTimersByTimeAsync(2_000)
      await outcome
    },
  )
})
