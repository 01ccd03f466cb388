import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ImportItem, ImportJob } from '../../shared/contract'
import { filterTotal, withItems, withJob } from '../../renderer/src/features/import/import-entries'
import { shownItems } from '../../renderer/src/features/import/import-slice'

const OUTCOMES = ['imported', 'duplicate', 'failed'] as const

function job(id: string, counts = { imported: 0, duplicate: 0, failed: 0 }): ImportJob {
  return {
    id,
    state: 'running',
    source: 'upload',
    link: false,
    importedBy: 'test',
    requestedBy: null,
    createdAt: '2026-11-21T12:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    filesTotal: null,
    bytesTotal: null,
    filesDone: null,
    bytesDone: null,
    counts,
    error: null,
  }
}

function item(seq: number, outcome: ImportItem['outcome']): ImportItem {
  return { seq, path: `/f/${seq}`, name: `${seq}.mp4`, sizeBytes: 1, outcome, asset: null, reason: null }
}

describe('import entries', () => {
  it('keeps each outcome once, in file order, however events and pages interleave', () => {
    const outcome = fc.constantFrom(...OUTCOMES)
    const batches = fc.array(fc.array(fc.tuple(fc.nat(300), outcome), { maxLength: 5 }), { maxLength: 40 })
    fc.assert(
      fc.property(batches, (arrivals) => {
        let entries = withJob([], job('j'))
        const first = new Map<number, ImportItem['outcome']>()
        for (const batch of arrivals) {
          const items = batch.map(([seq, kind]) => item(seq, kind))
          for (const [seq, kind] of batch) if (!first.has(seq)) first.set(seq, kind)
          entries = withJob(entries, job('j'), items)
        }
        const seqs = entries[0]!.items.map((known) => known.seq)
        expect(seqs).toEqual([...first.keys()].sort((a, b) => a - b))
      }),
    )
  })

  it('shows failures first, then duplicates, then imported files, each in file order, and filters by outcome', () => {
    const items = [item(0, 'imported'), item(1, 'failed'), item(2, 'duplicate'), item(3, 'failed'), item(4, 'imported')]
    expect(shownItems(items, 'all').map((shown) => shown.seq)).toEqual([1, 3, 2, 0, 4])
    expect(shownItems(items, 'failed').map((shown) => shown.seq)).toEqual([1, 3])
    expect(shownItems(items, 'imported').map((shown) => shown.seq)).toEqual([0, 4])
  })

  it('records where the next page of a filter starts, and totals from the job counts', () => {
    const counted = job('j', { imported: 5, duplicate: 2, failed: 1 })
    const entries = withItems(withJob([], counted), 'j', 'failed', null)
    expect(entries[0]!.pages).toEqual({ failed: null })
    expect(filterTotal(counted, 'all')).toBe(8)
    expect(filterTotal(counted, 'duplicate')).toBe(2)
  })
})
