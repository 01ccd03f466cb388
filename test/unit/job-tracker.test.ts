import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Job, JobOf } from '../../shared/contract'
import type { Client } from '../../renderer/src/api/client'
import { UNHEARD_MS, followJobs, onJobEnded, seenJobs, trackJob } from '../../renderer/src/api/job-tracker'
import { createQueryCache } from '../../renderer/src/api/query-cache'

const at = (second: number) => `2026-11-27T10:00:${String(second).padStart(2, '0')}.000Z`

/** An analysis job of asset a1 as a `job:updated` event carries it. */
function analysis(changes: Partial<JobOf<'analysis'>>): Job {
  return {
    id: '6f1c2d7e-1111-4222-8333-944455556666',
    kind: 'analysis',
    state: 'queued',
    title: 'scenes of clip.mp4',
    assetId: 'a1',
    params: { analyzer: 'scenes', config: {}, configHash: 'sha256:0', force: false },
    result: null,
    error: null,
    createdAt: at(0),
    startedAt: null,
    finishedAt: null,
    progress: null,
    requestedBy: null,
    cancelledBy: null,
    worker: null,
    attempts: 0,
    ...changes,
  }
}

describe('the job tracker', () => {
  it('follows a retried job through its new run and tells its new end, ignoring late events of either run', () => {
    const cache = createQueryCache()
    const ends: Job[] = []
    onJobEnded(cache, (job) => ends.push(job))
    const state = () => seenJobs(cache).values().next().value!.job.state

    trackJob(cache, analysis({ state: 'running', startedAt: at(1) }))
    trackJob(cache, analysis({ state: 'failed', startedAt: at(1), finishedAt: at(2), error: 'gone' }))
    // A late event of that run changes nothing, and the same end told twice is one end.
    trackJob(cache, analysis({ state: 'running', startedAt: at(1) }))
    trackJob(cache, analysis({ state: 'failed', startedAt: at(1), finishedAt: at(2), error: 'gone' }))
    expect(state()).toBe('failed')
    expect(ends.map((job) => job.state)).toEqual(['failed'])

    // Retried: it runs again after it ended, and its new end reaches the listeners with its result.
    trackJob(cache, analysis({ state: 'running', startedAt: at(5), attempts: 1 }))
    expect(state()).toBe('running')
    // The old end, read late, does not undo the new run.
    trackJob(cache, analysis({ state: 'failed', startedAt: at(1), finishedAt: at(2), error: 'gone' }))
    expect(state()).toBe('running')
    const done = analysis({ state: 'done', startedAt: at(5), finishedAt: at(6) })
    trackJob(cache, done)
    expect(state()).toBe('done')
    expect(ends).toEqual([expect.objectContaining({ state: 'failed' }), done])
    trackJob(cache, analysis({ state: 'failed', startedAt: at(1), finishedAt: at(2), error: 'gone' }))
    expect(state()).toBe('done')
    expect(ends).toHaveLength(2)
  })

  it('takes a batch’s counts stored again after it ended (its assets’ retries) without telling its end twice', () => {
    const cache = createQueryCache()
    const ends: Job[] = []
    onJobEnded(cache, (job) => ends.push(job))
    const batch = (counts: { ran: number; failed: number }): Job => ({
      ...analysis({}),
      id: '7a2b3c4d-1111-4222-8333-944455556666',
      kind: 'batch',
      title: 'convert of 2 assets',
      assetId: null,
      params: {
        work: { kind: 'analysis', analyzer: 'black', config: {}, configHash: 'sha256:0', force: false },
        target: { by: 'ids' },
        total: 2,
      },
      state: 'done',
      startedAt: at(1),
      finishedAt: at(4),
      result: { counts: { ...counts, cached: 0, cancelled: 0, skipped: 0 } },
    })
    const shown = () => seenJobs(cache).values().next().value!.job
    trackJob(cache, batch({ ran: 1, failed: 1 }))
    trackJob(cache, batch({ ran: 2, failed: 0 }))
    expect(shown()).toMatchObject({ state: 'done', result: { counts: { ran: 2, failed: 0 } } })
    expect(ends).toHaveLength(1)
  })

  describe('a job whose end went unheard (the live feed not connected then)', () => {
    afterEach(() => vi.useRealTimers())

    it('is read again once nothing was heard of it for a while (not before), then shows its end and is not read again', async () => {
      vi.useFakeTimers()
      const cache = createQueryCache()
      const stored = { job: analysis({ state: 'done', startedAt: at(1), finishedAt: at(2) }) }
      const reads: string[] = []
      const api = {
        onEvent: () => () => undefined,
        'jobs:get': ({ jobId }: { jobId: string }) => {
          reads.push(jobId)
          return Promise.resolve({ job: stored.job })
        },
      } as unknown as Client
      const unfollow = followJobs(api, cache)
      const state = () => seenJobs(cache).values().next().value!.job.state
      // Started and answered as running; its end was sent before this window listened.
      trackJob(cache, analysis({ state: 'running', startedAt: at(1) }))
      await vi.advanceTimersByTimeAsync(UNHEARD_MS - 1_000)
      expect(reads).toEqual([])
      expect(state()).toBe('running')
      await vi.advanceTimersByTimeAsync(UNHEARD_MS)
      expect(reads).toHaveLength(1)
      expect(state()).toBe('done')
      // Ended: not read again.
      await vi.advanceTimersByTimeAsync(UNHEARD_MS * 3)
      expect(reads).toHaveLength(1)
      unfollow()
    })
  })
})
