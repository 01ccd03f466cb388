import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hashOfRoute, routeFromHash } from '../../renderer/src/app/navigation-slice'
import {
  changedFromFirst,
  factRows,
  outputGroups,
  shownInputs,
  type ComparedRun,
} from '../../renderer/src/features/run-compare/compare-rows'
import { decodeCompareRuns, encodeCompareRuns } from '../../renderer/src/features/run-compare/run-compare-url'

const asset = (id: string) => ({ id, mediaType: 'image' }) as ComparedRun['outputs'][number]['asset']
const run = (id: string, changes: Partial<ComparedRun> = {}): ComparedRun => ({
  id,
  workflowId: 'wf',
  status: 'completed',
  version: 1,
  startedAt: '2025-01-01T10:00:00.000Z',
  completedAt: '2025-01-01T10:00:12.345Z',
  seconds: 12.345,
  cachedNodes: null,
  outputs: [],
  ...changes,
})

describe('the compare page address', () => {
  it('round-trips any ids, in order, whatever characters they hold', () => {
    const id = fc.string({ minLength: 1, maxLength: 40 })
    fc.assert(
      fc.property(fc.uniqueArray(id, { minLength: 2, maxLength: 8 }), (ids) => {
        const route = routeFromHash(hashOfRoute({ view: 'run-compare', assetId: null, compareRuns: ids }))
        expect(route).toEqual({ view: 'run-compare', assetId: null, compareRuns: ids })
      }),
    )
  })

  it('keeps a comma inside an id and drops repeats, broken escapes and runs past the eighth', () => {
    expect(encodeCompareRuns(['a,b', 'c'])).toBe('runs=a%2Cb,c')
    expect(decodeCompareRuns('runs=a%2Cb,c')).toEqual(['a,b', 'c'])
    expect(decodeCompareRuns('x=1&runs=a,a,%E0%A4,,b')).toEqual(['a', 'b'])
    expect(decodeCompareRuns('runs=1,2,3,4,5,6,7,8,9')).toEqual(['1', '2', '3', '4', '5', '6', '7', '8'])
    expect(routeFromHash('#/run-compare')).toEqual({ view: 'run-compare', assetId: null, compareRuns: [] })
  })
})

describe('the compared rows', () => {
  it('lists the version only when the versions differ, and says a run that recorded no cache apart from one that cached nothing', () => {
    const runs = [run('a', { cachedNodes: ['3', '4'] }), run('b', { version: 2, cachedNodes: [], seconds: null })]
    expect(factRows({ runs, versionsDiffer: false }).map((row) => row.label)).toEqual([
      'Status',
      'Started',
      'Duration',
      'Cached nodes',
    ])
    const rows = factRows({ runs: [...runs, run('c', { version: null })], versionsDiffer: true })
    expect(rows[0]).toEqual({ label: 'Version', values: ['1', '2', 'unknown'] })
    expect(rows.find((row) => row.label === 'Duration')?.values).toEqual(['12.35 s', '—', '12.35 s'])
    expect(rows.find((row) => row.label === 'Cached nodes')?.values).toEqual(['3, 4', 'none', 'not recorded'])
    expect(rows.find((row) => row.label === 'Status')?.values[0]).toBe('Completed')
  })

  it('highlights the values unlike the first run’s, telling apart seeds one float would merge', () => {
    // 2^64 − 1 and 2^64 − 2 are the same JavaScript number.
    expect(changedFromFirst(['18446744073709551615', '18446744073709551614', '18446744073709551615'])).toEqual([
      false,
      true,
      false,
    ])
    expect(changedFromFirst(['1', null])).toEqual([false, true])
    const inputs = [
      { nodeId: '3', classType: 'KSampler', input: 'seed', values: ['1', '2'], differs: true },
      { nodeId: '3', classType: 'KSampler', input: 'steps', values: ['20', '20'], differs: false },
    ]
    expect(shownInputs(inputs, false).map((input) => input.input)).toEqual(['seed'])
    expect(shownInputs(inputs, true)).toHaveLength(2)
  })

  it('groups outputs by save node in id order, one list per run, those of no known node last', () => {
    const output = (nodeId: string | null, id: string) => ({
      nodeId,
      nodeType: nodeId && 'SaveImage',
      asset: asset(id),
    })
    const runs = [
      run('a', { outputs: [output('10', 'a10'), output('9', 'a9'), output(null, 'ax')] }),
      run('b', { outputs: [output('9', 'b9'), output('9', 'b9bis')] }),
    ]
    const groups = outputGroups(runs)
    expect(groups.map((group) => group.nodeId)).toEqual(['9', '10', null])
    expect(groups[0].perRun.map((list) => list.map((one) => one.asset.id))).toEqual([['a9'], ['b9', 'b9bis']])
    expect(groups[1].perRun.map((list) => list.length)).toEqual([1, 0])
  })
})
