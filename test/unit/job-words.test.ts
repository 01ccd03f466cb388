import { describe, expect, it } from 'vitest'
import type { Job } from '../../shared/contract'
import { countsWords, jobMeta, jobOutcome } from '../../renderer/src/features/batches/job-words'

const counts = (ran: number, cached: number, failed: number, skipped: number, cancelled = 0) => ({
  ran,
  cached,
  failed,
  cancelled,
  skipped,
})

/** A batch job as jobs:list answers one. */
function batchJob(state: Job['state'], result: ReturnType<typeof counts> | null, error: string | null = null): Job {
  return {
    id: '6f1c2d7e-1111-4222-8333-944455556666',
    kind: 'batch',
    state,
    title: 'scenes of 3 assets',
    assetId: null,
    params: {
      work: { kind: 'analysis', analyzer: 'scenes', config: {}, configHash: 'sha256:0', force: false },
      target: { by: 'filter', filter: {}, query: null },
      total: 3,
    },
    result: result && { counts: result },
    error,
    createdAt: '2026-11-23T05:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    progress: null,
    requestedBy: null,
    cancelledBy: null,
    worker: null,
    attempts: 0,
  }
}

describe('batch jobs in words', () => {
  it('tells how a batch ended: its counts failures first, what it got through before a cancel', () => {
    expect(countsWords(counts(1, 2, 3, 4))).toBe('3 failed, 4 skipped, 1 ran, 2 cached')
    expect(countsWords(counts(0, 0, 0, 0))).toBe('nothing done')
    // A cancelled asset is no failure: it reads as what it was.
    expect(jobOutcome(batchJob('done', counts(2, 0, 1, 0, 1)))).toBe('Done: 1 failed, 1 cancelled, 2 ran.')
    expect(jobOutcome(batchJob('done', counts(2, 0, 0, 1)))).toBe('Done: 1 skipped, 2 ran.')
    expect(jobOutcome(batchJob('cancelled', counts(1, 0, 0, 0)))).toBe('Cancelled. Before that: 1 ran.')
    const byVera = { ...batchJob('cancelled', counts(1, 0, 0, 0)), cancelledBy: 'Vera' }
    expect(jobOutcome(byVera)).toBe('Cancelled by Vera. Before that: 1 ran.')
    expect(jobOutcome(batchJob('failed', null, 'disk full'))).toBe('Failed: disk full')
    expect(jobMeta(batchJob('done', null))).toMatch(/^Batch on the results of a filter · queued /)
  })
})

describe('checkpoint deletions in words', () => {
  it('say how many checkpoints went, also before a cancel', () => {
    const deletion = (state: Job['state'], deleted: number): Job => ({
      ...batchJob(state, null),
      kind: 'checkpoint-delete',
      title: 'Prune the checkpoints of clip.mp4 (default@2fps), keeping the newest 3',
      params: { of: 'prune', timelineId: 1, keep: 3 },
      result: { deleted },
    })
    expect(jobOutcome(deletion('done', 1501))).toBe(`Done: ${(1501).toLocaleString()} checkpoints deleted.`)
    expect(jobOutcome(deletion('cancelled', 500))).toBe('Cancelled. Before that: 500 checkpoints deleted.')
    expect(jobMeta(deletion('done', 1))).toMatch(/^Checkpoint deletion · queued /)
  })
})

describe('the upkeep that follows imports, in words', () => {
  const upkeep = (job: Pick<Job, 'kind' | 'params' | 'result'>, state: Job['state'] = 'done'): Job =>
    ({ ...batchJob(state, null), title: 'upkeep', ...job }) as Job
  const importJobId = '6f1c2d7e-1111-4222-8333-944455556667'

  it('says how many thumbnails were made and failed, how many PNGs were stacked, and what the set holds', () => {
    expect(jobOutcome(upkeep({ kind: 'thumbnails', params: { importJobId }, result: { made: 3, failed: 0 } }))).toBe(
      'Done: 3 made.',
    )
    expect(jobOutcome(upkeep({ kind: 'thumbnails', params: { importJobId }, result: { made: 2, failed: 1 } }))).toBe(
      'Done: 2 made, 1 failed (the asset says why).',
    )
    const pairing = (paired: number) => upkeep({ kind: 'sidecar-pairing', params: { importJobId }, result: { paired } })
    expect(jobOutcome(pairing(1))).toBe('Done: 1 PNG stacked with its video.')
    expect(jobOutcome(pairing(3))).toBe('Done: 3 PNGs stacked with their videos.')
    expect(jobOutcome(pairing(0))).toBe('Done: no sidecar PNGs found.')
    const set = (assets: number | null) => upkeep({ kind: 'near-duplicate-set', params: {}, result: { assets } })
    expect(jobOutcome(set(12))).toBe('Done: 12 assets with near-duplicates.')
    expect(jobOutcome(set(null))).toBe('Done: up to date already.')
    expect(jobMeta(set(1))).toMatch(/^Near-duplicate upkeep · queued /)
  })
})
