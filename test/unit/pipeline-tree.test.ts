import { describe, expect, it } from 'vitest'
import type { CheckpointNode, PipelineRun } from '../../shared/contract'
import type { StageName } from '../../shared/pipeline-stages'
import { hashOfRoute, routeFromHash } from '../../renderer/src/app/navigation-slice'
import {
  ALL_NODES,
  branchOf,
  keyStats,
  pruneCount,
  shownCheckpoint,
  statWords,
  visibleRows,
  type TreeQuery,
} from '../../renderer/src/features/pipelines/checkpoint-tree'
import { decodeCompareCheckpoints } from '../../renderer/src/features/pipelines/checkpoint-compare-url'
import { replayConfig, replayStart, stagesAfter } from '../../renderer/src/features/pipelines/replay-plan'

let nextId = 1
function node(parent: CheckpointNode | null, stage: StageName | null, changes: Partial<CheckpointNode> = {}) {
  const made: CheckpointNode = {
    id: nextId++,
    timelineId: 1,
    parentId: parent?.id ?? null,
    runId: 'run-1',
    stage,
    stats: { ...parent?.stats },
    configOverrides: {},
    outputKeys: { ...parent?.outputKeys, ...(stage ? { [stage]: `sha256:${stage}` } : {}) },
    cached: false,
    isScenario: false,
    scenarioLabel: null,
    pinned: false,
    createdAt: '2025-01-01T10:00:00.000Z',
    ...changes,
  }
  return made
}

// root ─ dedupe ─ text ─ match         (the first run)
//               └ text' ─ match' (a scenario)   (a replay from dedupe)
function sampleTree() {
  nextId = 1
  const root = node(null, null, { stats: { frames_extracted: 16 } })
  const dedupe = node(root, 'dedupe_frames', { stats: { frames_extracted: 16, frames_kept: 9 } })
  const text = node(dedupe, 'text')
  const match = node(text, 'match', { stats: { ...text.stats, detections: 1 } })
  const text2 = node(dedupe, 'text')
  const match2 = node(text2, 'match', { isScenario: true, scenarioLabel: 'low confidence' })
  return { root, dedupe, text, match, text2, match2, all: [root, dedupe, text, match, text2, match2] }
}

const ids = (rows: { node: CheckpointNode }[]) => rows.map((row) => row.node.id)

describe('the checkpoint tree', () => {
  it('lists depth first, newest sibling first, and oldest first when asked', () => {
    const { all } = sampleTree()
    const newest = visibleRows(all, ALL_NODES, new Set())
    expect(ids(newest)).toEqual([1, 2, 5, 6, 3, 4])
    expect(newest.map((row) => row.depth)).toEqual([0, 1, 2, 3, 2, 3])
    expect(newest[2]).toMatchObject({ position: 1, siblings: 2, childCount: 1, expanded: true })
    expect(ids(visibleRows(all, { ...ALL_NODES, sort: 'oldest' }, new Set()))).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('stays a tree when filtered: matches with their ancestors, the ancestors marked as context', () => {
    const { all, match2 } = sampleTree()
    const scenarios: TreeQuery = { ...ALL_NODES, scenariosOnly: true }
    const rows = visibleRows(all, scenarios, new Set())
    expect(ids(rows)).toEqual([1, 2, 5, 6])
    expect(rows.map((row) => row.match)).toEqual([false, false, false, true])
    expect(rows.at(-1)?.node).toBe(match2)
    const texts = visibleRows(all, { ...ALL_NODES, stage: 'text', sort: 'oldest' }, new Set())
    expect(ids(texts)).toEqual([1, 2, 3, 5])
    expect(texts.filter((row) => row.match).map((row) => row.node.stage)).toEqual(['text', 'text'])
    expect(visibleRows(all, { ...ALL_NODES, stage: 'frames' }, new Set()).map((row) => row.childCount)).toEqual([0])
  })

  it('hides what is under a collapsed node, which still says it has children', () => {
    const { all, dedupe } = sampleTree()
    const rows = visibleRows(all, ALL_NODES, new Set([dedupe.id]))
    expect(ids(rows)).toEqual([1, 2])
    expect(rows[1]).toMatchObject({ expanded: false, childCount: 2 })
  })

  it('makes a root of a node whose parent is not listed', () => {
    const { text, match } = sampleTree()
    expect(visibleRows([text, match], ALL_NODES, new Set()).map((row) => row.depth)).toEqual([0, 1])
  })

  it('draws a thousand checkpoints with no work per node beyond a few lookups', () => {
    nextId = 1
    const nodes = [node(null, null)]
    for (let i = 1; i < 1000; i += 1) nodes.push(node(nodes[Math.floor(i / 3)], 'text'))
    const started = performance.now()
    const rows = visibleRows(nodes, { ...ALL_NODES, stage: 'text' }, new Set())
    expect(rows).toHaveLength(1000)
    expect(performance.now() - started).toBeLessThan(100)
  })

  it('counts a branch, and what a prune would delete', () => {
    const { all, dedupe, text, text2 } = sampleTree()
    expect([...branchOf(all, dedupe.id)].sort()).toEqual([2, 3, 4, 5, 6])
    expect(branchOf(all, text2.id).size).toBe(2)
    // Keep the newest 1 (the scenario, kept anyway): the first run's text and match go.
    expect(pruneCount(all, 1)).toBe(2)
    // The newest 3 take in the first run's match, and with it its text: nothing goes.
    expect(pruneCount(all, 3)).toBe(0)
    expect(
      pruneCount(
        all.map((n) => (n.id === text.id ? { ...n, pinned: true } : n)),
        0,
      ),
    ).toBe(1)
    expect(pruneCount(all, 6)).toBe(0)
  })

  it('shows the stats a node added over its parent, and picks the newest detection checkpoint by default', () => {
    const { all, root, dedupe, text, match, match2 } = sampleTree()
    expect(keyStats(root, undefined)).toEqual([['frames_extracted', 16]])
    expect(keyStats(dedupe, root)).toEqual([['frames_kept', 9]])
    expect(keyStats(match, text)).toEqual([['detections', 1]])
    expect(statWords('detections', 1)).toBe('1 detection')
    expect(statWords('frames_kept', 9)).toBe('9 frames kept')
    expect(statWords('frames_read', 1)).toBe('1 frame read')
    expect(shownCheckpoint(all, null)).toBe(match2)
    expect(shownCheckpoint(all, text.id)).toBe(text)
    expect(shownCheckpoint(all, 999)).toBe(match2)
    expect(shownCheckpoint([root, dedupe], null)).toBe(dedupe)
    expect(shownCheckpoint([], null)).toBeNull()
  })
})

describe('a replay from a checkpoint', () => {
  // Only the fields a replay plan reads.
  const run = {
    stages: ['frames', 'dedupe_frames', 'text', 'match'],
    config: { match: { terms: ['ACME'] } },
  } as unknown as PipelineRun

  it('runs the stages after the checkpoint in the run that made it', () => {
    const { root, text, match } = sampleTree()
    expect(stagesAfter(root, run)).toEqual(['dedupe_frames', 'text', 'match'])
    expect(stagesAfter(text, run)).toEqual(['match'])
    expect(stagesAfter(match, run)).toEqual([])
    expect(stagesAfter(text, undefined)).toEqual(['match'])
  })

  it('prefills with what would run (the run config over the defaults) and sends only what changed', () => {
    const { text } = sampleTree()
    const start = replayStart(text, run, ['match'])
    expect(start[0].shown).toEqual({ terms: ['ACME'], mode: 'casefold', max_distance: 1 })
    expect(replayConfig(start, {})).toEqual({ config: {}, problem: null })
    expect(replayConfig(start, { match: { terms: 'ACME, Globex\nGlobex', mode: 'casefold' } })).toEqual({
      config: { match: { terms: ['ACME', 'Globex'] } },
      problem: null,
    })
    expect(replayConfig(start, { match: { mode: 'exact', max_distance: '' } }).config).toEqual({
      match: { mode: 'exact' },
    })
    expect(replayConfig(start, { match: { terms: ' , ' } }).problem).toMatch(/match terms/)
    expect(replayConfig(replayStart(text, run, ['text']), { text: { psm: '99' } }).problem).toMatch(/text psm/)
    // Without the run (deleted), match has no terms to start from: the form says so rather than sending none.
    expect(replayConfig(replayStart(text, undefined, ['match']), {}).problem).toMatch(/match terms/)
  })

  it('starts a field from the override the checkpoint carries, and the run config over it', () => {
    const { text } = sampleTree()
    const carried = { ...text, configOverrides: { dedupe_frames: { max_distance: 4 } } }
    const start = replayStart(carried, run, ['dedupe_frames'])
    expect(start[0].shown).toEqual({ max_distance: 4 })
    expect(replayConfig(start, {}).config).toEqual({})
    expect(replayConfig(start, { dedupe_frames: { max_distance: '8' } }).config).toEqual({
      dedupe_frames: { max_distance: 8 },
    })
    const ranWith = { ...run!, config: { dedupe_frames: { max_distance: 2 } } }
    expect(replayStart(carried, ranWith, ['dedupe_frames'])[0].shown).toEqual({ max_distance: 2 })
  })
})

describe('the checkpoint compare address', () => {
  it('round-trips through the route and drops what is not a checkpoint id', () => {
    const route = routeFromHash(hashOfRoute({ view: 'checkpoint-compare', assetId: null, compareCheckpoints: [4, 9] }))
    expect(route).toEqual({ view: 'checkpoint-compare', assetId: null, compareCheckpoints: [4, 9] })
    expect(decodeCompareCheckpoints('ids=3,x,3,0,-1,12')).toEqual([3, 12])
    expect(decodeCompareCheckpoints('ids=1,2,3,4,5,6,7,8,9')).toHaveLength(8)
    expect(routeFromHash('#/checkpoint-compare')).toEqual({
      view: 'checkpoint-compare',
      assetId: null,
      compareCheckpoints: [],
    })
  })
})
