import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { toGraph, type Graph } from '../../shared/workflow-graph'
import { cachedLayout, layoutGraph, NODE_WIDTH, nodeHeight } from '../../renderer/src/features/workflows/graph-layout'
import { keyParameters } from '../../renderer/src/features/workflows/node-summary'
import { graphLevels } from '../../renderer/src/features/workflows/subgraph-path'
import { generatedApiPrompt } from '../fixtures/workflows/generate-workflow'

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/workflows')
const fixture = (name: string): unknown => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8'))

/** Every node placed, every edge drawn left to right, no two node boxes overlapping. */
function expectAutoLayout(graph: Graph, withThumbnails: ReadonlySet<string> = new Set()): void {
  const layout = layoutGraph(graph, withThumbnails)
  expect(layout.source).toBe('auto')
  expect([...layout.positions.keys()].sort()).toEqual(graph.nodes.map((node) => node.id).sort())
  for (const edge of graph.edges) {
    expect(layout.positions.get(edge.from.node)!.x).toBeLessThan(layout.positions.get(edge.to.node)!.x)
  }
  const boxes = graph.nodes.map((node) => ({
    ...layout.positions.get(node.id)!,
    height: nodeHeight(node, withThumbnails.has(node.id)),
  }))
  const overlaps: string[] = []
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i]!, boxes[j]!]
      const apart = a.x + NODE_WIDTH <= b.x || b.x + NODE_WIDTH <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y
      if (!apart) overlaps.push(`${graph.nodes[i]!.id} and ${graph.nodes[j]!.id}`)
    }
  }
  expect(overlaps).toEqual([])
}

describe('layoutGraph', () => {
  it('lays out a format without positions left to right', () => {
    expectAutoLayout(toGraph(fixture('comfyui-api.json')))
    expectAutoLayout(toGraph(fixture('invokeai-graph.json')))
  })

  it('lays out a 300-node workflow without overlaps, taller nodes where posters show', () => {
    const graph = toGraph(generatedApiPrompt(300))
    expect(graph.nodes).toHaveLength(300)
    const saves = new Set(graph.nodes.filter((node) => node.type === 'SaveImage').map((node) => node.id))
    expectAutoLayout(graph, saves)
  })

  it('leaves room for the posters of sibling nodes', () => {
    const graph = toGraph({
      nodes: ['a', 'b', 'c'].map((id) => ({ id, type: 'SaveImage' })),
      connections: [
        { from: 'a-output-0', to: 'b-input-0' },
        { from: 'a-output-0', to: 'c-input-0' },
      ],
    })
    expectAutoLayout(graph, new Set(['b', 'c']))
  })

  it("keeps the file's own positions when every node has one", () => {
    const graph = toGraph(fixture('comfyui-ui-v04.json'))
    const layout = layoutGraph(graph)
    expect(layout.source).toBe('stored')
    expect(layout.positions.get('6')).toEqual({ x: 415, y: 186 })
  })

  it('lays out every node when only some have positions', () => {
    const graph = toGraph(fixture('comfyui-ui-v04.json'))
    graph.nodes[0]!.position = null
    expectAutoLayout(graph)
  })

  it('places nodes of a graph with a cycle and a self-loop', () => {
    const graph = toGraph({
      nodes: [
        { id: 'a', type: 'x' },
        { id: 'b', type: 'x' },
      ],
      connections: [
        { from: 'a-output-0', to: 'b-input-0' },
        { from: 'b-output-0', to: 'a-input-1' },
        { from: 'a-output-1', to: 'a-input-2' },
      ],
    })
    expect(layoutGraph(graph).positions.size).toBe(2)
  })
})

describe('cachedLayout', () => {
  it('computes a layout once per graph object and set of nodes with posters', () => {
    const graph = toGraph(fixture('comfyui-api.json'))
    const plain = cachedLayout(graph, new Set())
    expect(cachedLayout(graph, new Set())).toBe(plain)
    const withPosters = cachedLayout(graph, new Set(['9']))
    expect(withPosters).not.toBe(plain)
    expect(cachedLayout(graph, new Set(['9']))).toBe(withPosters)
    expect(cachedLayout(toGraph(fixture('comfyui-api.json')), new Set())).not.toBe(plain)
  })
})

describe('keyParameters', () => {
  it('shows the well-known parameters first, shortened', () => {
    const [node] = toGraph({
      '1': {
        class_type: 'KSampler',
        inputs: { denoise: 1, scheduler: 'normal', seed: 5, steps: 20, text: 'x'.repeat(80) },
      },
    }).nodes
    const shown = keyParameters(node!)
    expect(shown.map(([name]) => name)).toEqual(['text', 'seed', 'steps'])
    expect(shown[0]![1]).toHaveLength(48)
    expect(shown[0]![1].endsWith('…')).toBe(true)
  })

  it('shows a model object by its name and skips values with no short form', () => {
    const [node] = toGraph({
      '1': { class_type: 'L', inputs: { list: { __value__: [1, 2] }, model: { name: 'Juggernaut' } } },
    }).nodes
    expect(keyParameters(node!)).toEqual([['model', 'Juggernaut']])
  })
})

describe('graphLevels', () => {
  const root = toGraph(fixture('comfyui-ui-v1-subgraph.json'))

  it('walks down the opened subgraphs', () => {
    const levels = graphLevels(root, ['5'])
    expect(levels.map((level) => level.title)).toEqual(['Workflow', 'Decode and save'])
    expect(levels[1]!.graph.nodes.map((node) => node.type)).toContain('SaveImage')
    expect(levels[1]!.path).toEqual(['5'])
  })

  it('stops at a step that is not a subgraph any more', () => {
    expect(graphLevels(root, ['4', '5'])).toHaveLength(1)
  })
})
