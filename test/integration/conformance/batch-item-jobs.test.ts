import { describe, expect, it } from 'vitest'
import type { BatchItem } from '../../../shared/contract'
import { createCatalog } from '../../../main/db/catalog'
import type { BatchItemEnd } from '../../../main/db/repos/batch-items'
import type { NewJob } from '../../../main/db/repos/jobs'
import { ENGINES, freshEngine, freshLanguageOrderedPostgres } from '../../helpers/sql-engines'

const at = (minute: number, second = 0) =>
  `2026-11-27T10:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}.000Z`

const newJob = (id: string, changes: Partial<NewJob> = {}): NewJob => ({
  id,
  kind: 'analysis',
  title: `Job ${id}`,
  assetId: null,
  params: {},
  createdAt: at(0),
  holder: null,
  ...changes,
})
/** The outcome of asset `seq` of a batch, ended by its own job `job-<seq>` (null: the batch ran or skipped it itself). */
const item = (seq: number, outcome: BatchItem['outcome'], changes: Partial<BatchItem> = {}): BatchItem => ({
  seq,
  assetId: `a${seq}`,
  assetName: `asset ${seq}.mp4`,
  outcome,
  message: outcome === 'failed' ? `why ${seq}` : null,
  analysisId: outcome === 'ran' ? 100 + seq : null,
  outputAssetId: null,
  finishedAt: at(1, seq),
  assetJobId: `job-${seq}`,
  ...changes,
})
const ran = (finishedAt: string, analysisId = 7): BatchItemEnd => ({
  outcome: 'ran',
  message: null,
  analysisId,
  outputAssetId: null,
  finishedAt,
})

// Issue 64 point 7: a batch's outcomes follow retries of its assets' own jobs, the same on SQLite and PostgreSQL.
describe.each(ENGINES)('a batch’s items and their assets’ jobs on %s', (dialect) => {
  const fresh = async () => {
    const { jobs, batchItems } = createCatalog(await freshEngine(dialect)).repos
    await jobs.insert(newJob('b1', { kind: 'batch' }))
    await jobs.insert(newJob('b2', { kind: 'batch' }))
    return { jobs, batchItems }
  }

  it('reads back the job each item was ended by, and counts a batch’s items by outcome', async () => {
    const { batchItems } = await fresh()
    const written = [
      item(0, 'failed'),
      item(1, 'cancelled', { message: 'Cancelled by Vera.' }),
      item(2, 'ran'),
      item(3, 'skipped', { assetJobId: null }),
      item(4, 'ran'),
    ]
    for (const one of written) await batchItems.add('b1', one)
    await batchItems.add('b2', item(9, 'failed'))
    expect((await batchItems.page('b1', { after: null, limit: 10 })).items).toEqual([
      written[0],
      written[1],
      written[3],
      written[2],
      written[4],
    ])
    expect(await batchItems.counts('b1')).toEqual({ failed: 1, cancelled: 1, skipped: 1, ran: 2, cached: 0 })
    expect(await batchItems.counts('b2')).toEqual({ failed: 1, cancelled: 0, skipped: 0, ran: 0, cached: 0 })
    expect(await batchItems.counts('none')).toEqual({ failed: 0, cancelled: 0, skipped: 0, ran: 0, cached: 0 })
  })

  it('restates an item with a later end of its job only: its batch is named once, an end told again changes nothing', async () => {
    const { batchItems } = await fresh()
    await batchItems.add('b1', item(0, 'failed'))
    await batchItems.add('b1', item(1, 'cancelled', { message: 'Cancelled by Vera.' }))
    await batchItems.add('b2', item(2, 'ran'))

    // The end the batch recorded, told again (another process heard it too): nothing changes.
    expect(await batchItems.follow('job-0', { ...ran(at(1, 0)) })).toBeNull()
    // A retry's end: the item becomes it, and its batch is named.
    expect(await batchItems.follow('job-0', ran(at(5)))).toBe('b1')
    expect(await batchItems.follow('job-0', ran(at(5)))).toBeNull()
    // An older end heard late does not undo a newer one.
    expect(await batchItems.follow('job-0', { ...ran(at(3)), outcome: 'failed', message: 'late' })).toBeNull()
    // A cancelled asset's job, retried and cached, counts by its retry.
    expect(await batchItems.follow('job-1', { ...ran(at(6), 8), outcome: 'cached' })).toBe('b1')
    // A job no batch item names.
    expect(await batchItems.follow('job-none', ran(at(7)))).toBeNull()

    expect((await batchItems.page('b1', { after: null, limit: 10 })).items).toEqual([
      { ...item(0, 'failed'), ...ran(at(5)) },
      { ...item(1, 'cancelled'), ...ran(at(6), 8), outcome: 'cached' },
    ])
    expect(await batchItems.counts('b1')).toEqual({ failed: 0, cancelled: 0, skipped: 0, ran: 1, cached: 1 })
    // The other batch's item is untouched.
    expect((await batchItems.page('b2', { after: null, limit: 10 })).items).toEqual([item(2, 'ran')])
  })

  it('compares ends by code point in a database ordered by a language too', async () => {
    const sql = dialect === 'postgres' ? await freshLanguageOrderedPostgres() : await freshEngine(dialect)
    const { jobs, batchItems } = createCatalog(sql).repos
    await jobs.insert(newJob('b1', { kind: 'batch' }))
    await batchItems.add('b1', item(0, 'failed', { finishedAt: '2026-11-27T10:09:59.999Z' }))
    expect(await batchItems.follow('job-0', ran('2026-11-27T10:10:00.000Z'))).toBe('b1')
    expect(await batchItems.follow('job-0', ran('2026-11-27T10:09:59.999Z'))).toBeNull()
  })

  it('amends the result of an ended job only', async () => {
    const { jobs } = await fresh()
    await jobs.insert(
      newJob('b3', { kind: 'batch', holder: { id: 'o', host: 'h', pid: 1, started: null, leaseUntil: 1 } }),
    )
    const before = { counts: { ran: 1, cached: 0, failed: 1, cancelled: 0, skipped: 0 } }
    const after = { counts: { ran: 2, cached: 0, failed: 0, cancelled: 0, skipped: 0 } }
    expect(await jobs.amendResult('b3', after)).toBe(false)
    expect(await jobs.finish('b3', 'done', at(2), null, before)).toMatchObject({ id: 'b3', state: 'done' })
    expect(await jobs.amendResult('b3', after)).toBe(true)
    expect(await jobs.get('b3')).toMatchObject({ state: 'done', finishedAt: at(2), result: after, error: null })
    expect(await jobs.amendResult('none', after)).toBe(false)
  })
})
