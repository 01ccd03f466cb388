import { describe, expect, it } from 'vitest'
import type { WorkflowVersion, WorkflowVersionDiff } from '../../shared/contract'
import type { Graph, GraphNode } from '../../shared/workflow-graph'
import { flowElements, type WorkflowFlowNode } from '../../renderer/src/features/workflows/flow-elements'
import { layoutGraph } from '../../renderer/src/features/workflows/graph-layout'
import {
  changeText,
  diffSummary,
  levelMarks,
  nodeName,
  versionFacts,
} from '../../renderer/src/features/workflows/version-diff'

const node = (id: string, type: string, extra: Partial<GraphNode> = {}): GraphNode => ({
  id,
  type,
  title: type,
  parameters: {},
  position: null,
  group: null,
  ...extra,
})
const edge = (id: string, from: string, to: string, input: string) => ({
  id,
  from: { node: from, slot: 0 },
  to: { node: to, input },
  type: 'IMAGE',
})
// Root: 8 → 9, 8 → 11 (new), and subgraph 12 holding 5 (changed) and 6.
const inner: Graph = { nodes: [node('5', 'KSampler'), node('6', 'VAEDecode')], edges: [], problems: [] }
const graph: Graph = {
  nodes: [
    node('8', 'VAEDecode'),
    node('9', 'SaveImage'),
    node('11', 'PreviewImage'),
    node('12', 'Group', { subgraph: inner }),
  ],
  edges: [edge('a', '8', '9', 'images'), edge('b', '8', '11', 'images')],
  problems: [],
}
const ref = (version: number) => ({ version, hash: `sha256:${String(version).repeat(64)}` })
const diff: WorkflowVersionDiff = {
  from: ref(1),
  to: ref(2),
  nodes: {
    added: [{ id: '11', type: 'PreviewImage', title: 'PreviewImage' }],
    removed: [{ id: '12:7', type: 'Note', title: 'Reminder' }],
    changed: [{ id: '12:5', type: 'KSampler', title: 'KSampler', widgets: [{ name: 'seed', old: 1, new: 2 }] }],
  },
  links: {
    added: [{ from: { node: '8', slot: 0 }, to: { node: '11', input: 'images' }, type: 'IMAGE' }],
    removed: [],
  },
}

describe('a comparison of two versions', () => {
  it('marks added and changed nodes of each level, a subgraph holding a change, and the new links', () => {
    const root = levelMarks(diff, graph, [])
    expect(root.nodes).toEqual({ '11': 'added', '12': 'changed' })
    expect([...root.edges]).toEqual(['b'])
    const level = levelMarks(diff, inner, ['12'])
    expect(level.nodes).toEqual({ '5': 'changed' })
    expect(level.edges.size).toBe(0)
  })

  it('draws the marks as node data, names and edge classes', () => {
    const { nodes, edges } = flowElements(graph, layoutGraph(graph), undefined, levelMarks(diff, graph, []))
    const drawn = (id: string) => nodes.find((n) => n.id === id) as WorkflowFlowNode
    expect(drawn('11').data.mark).toBe('added')
    expect(drawn('11').ariaLabel).toBe('PreviewImage, node 11, added')
    expect(drawn('9').data.mark).toBeUndefined()
    expect(edges.map((e) => e.className)).toEqual(['wf-edge wf-edge-image', 'wf-edge wf-edge-image wf-edge-added'])
  })

  it('is said in words: counts with the noun once, names, values, a version’s facts', () => {
    expect(diffSummary(diff)).toBe('1 node added, 1 removed, 1 changed · 1 link added')
    const none = { ...diff, nodes: { added: [], removed: [], changed: [] }, links: { added: [], removed: [] } }
    expect(diffSummary(none)).toBe('No differences')
    expect(nodeName({ id: '12:7', type: 'Note', title: 'Reminder' })).toBe('Reminder (Note) #12:7')
    expect(nodeName({ id: '11', type: 'PreviewImage', title: 'PreviewImage' })).toBe('PreviewImage #11')
    expect([changeText(undefined, false), changeText('18446744073709551615', true), changeText(null, true)]).toEqual([
      '(none)',
      '18446744073709551615',
      '—',
    ])
    const version: WorkflowVersion = {
      ordinal: 2,
      shapeHash: 'x',
      createdAt: 'not a time',
      definitions: 3,
      assets: 1,
      executions: 0,
      firstHash: 'a',
      newestHash: 'b',
    }
    expect(versionFacts(version)).toBe('arrived not a time; 3 definitions, 1 asset, 0 runs')
  })
})
