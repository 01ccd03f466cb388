import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { detectFormat, LIMITS, toGraph, type Graph } from '../../shared/workflow-graph'

/** What every graph must satisfy for the view to draw it: unique node ids, edges between known nodes. */
function expectDrawable(graph: Graph, depth = 0): void {
  const ids = graph.nodes.map((node) => node.id)
  expect(new Set(ids).size).toBe(ids.length)
  const known = new Set(ids)
  for (const edge of graph.edges) {
    expect(known.has(edge.from.node) && known.has(edge.to.node)).toBe(true)
  }
  expect(new Set(graph.edges.map((edge) => edge.id)).size).toBe(graph.edges.length)
  expect(graph.problems.length).toBeLessThanOrEqual(LIMITS.problems + 1)
  expect(depth).toBeLessThanOrEqual(LIMITS.depth)
  for (const node of graph.nodes) {
    expect(typeof node.id === 'string' && typeof node.type === 'string' && typeof node.title === 'string').toBe(true)
    if (node.subgraph) expectDrawable(node.subgraph, depth + 1)
  }
}

const id = fc.oneof(fc.integer({ min: -20, max: 20 }), fc.constantFrom('1', '2', '3', '-10', 'a-output-0'))
const comfyNode = fc.record(
  {
    id,
    type: fc.oneof(fc.constantFrom('KSampler', 'CLIPTextEncode', 'sub'), fc.string()),
    pos: fc.oneof(fc.tuple(fc.double(), fc.double()), fc.anything()),
    size: fc.anything(),
    widgets_values: fc.oneof(fc.array(fc.anything()), fc.anything()),
    inputs: fc.oneof(fc.array(fc.record({ name: fc.string(), widget: fc.anything() })), fc.anything()),
    mode: fc.anything(),
  },
  { requiredKeys: [] },
)
const link = fc.oneof(
  fc.tuple(fc.integer(), id, fc.anything(), id, fc.anything(), fc.anything()),
  fc.record({ id: fc.integer(), origin_id: id, origin_slot: fc.nat(3), target_id: id, target_slot: fc.nat(3) }),
  fc.anything(),
)
const comfyUi = fc.record({
  version: fc.constantFrom(0.4, 1),
  nodes: fc.array(fc.oneof(comfyNode, fc.anything()), { maxLength: 12 }),
  links: fc.array(link, { maxLength: 12 }),
  groups: fc.oneof(fc.array(fc.record({ title: fc.string(), bounding: fc.array(fc.double()) })), fc.anything()),
  definitions: fc.oneof(
    fc.record({
      subgraphs: fc.array(
        fc.record({ id: fc.constant('sub'), name: fc.string(), nodes: fc.array(comfyNode), links: fc.array(link) }),
      ),
    }),
    fc.anything(),
  ),
})
const apiPrompt = fc.dictionary(
  fc.constantFrom('1', '2', '3', '__proto__', 'x'),
  fc.oneof(
    fc.record({
      class_type: fc.string(),
      inputs: fc.dictionary(
        fc.string(),
        fc.oneof(fc.tuple(fc.constantFrom('1', '2', '9'), fc.integer()), fc.anything()),
      ),
    }),
    fc.anything(),
  ),
)
const invoke = fc.record({
  nodes: fc.oneof(fc.dictionary(fc.string(), fc.anything()), fc.array(fc.anything())),
  edges: fc.array(fc.anything()),
  meta: fc.anything(),
})
const native = fc.record({
  nodes: fc.array(fc.oneof(fc.record({ id, type: fc.string(), position: fc.anything() }), fc.anything())),
  connections: fc.array(fc.anything()),
})

describe('toGraph on hostile input', () => {
  it('never throws on any value, and says why when it finds no workflow', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withObjectString: true }), (json) => {
        const graph = toGraph(json)
        expectDrawable(graph)
        if (detectFormat(json) === null) expect(graph.problems.length).toBeGreaterThan(0)
      }),
      { numRuns: 500 },
    )
  })

  it('reads broken workflows of every format into drawable graphs', () => {
    fc.assert(
      fc.property(fc.oneof(comfyUi, apiPrompt, invoke, native), (json) => expectDrawable(toGraph(json))),
      { numRuns: 500 },
    )
  })

  it('notes skipped nodes and dangling links, keeping what could be read', () => {
    const graph = toGraph({
      version: 0.4,
      nodes: [1, 'x', { id: 1, type: 'A' }, { id: 1, type: 'B' }, { type: 'C' }],
      links: [[1, 1, 0, 99, 0, 'X'], 'junk', null],
    })
    expect(graph.nodes.map((node) => node.type)).toEqual(['A'])
    expect(graph.edges).toEqual([])
    expect(graph.problems).toEqual(
      expect.arrayContaining([
        'a node without an id or type was skipped',
        'node 1 appears twice: the first is kept',
        'a link that is not [id, from, slot, to, slot, type] was skipped',
        'edge 1 points to missing node 99',
      ]),
    )
  })

  it('caps the node count and says so', () => {
    const prompt = Object.fromEntries(
      Array.from({ length: LIMITS.nodes + 500 }, (_, i) => [String(i), { class_type: 'Noop', inputs: {} }]),
    )
    const graph = toGraph(prompt)
    expect(graph.nodes).toHaveLength(LIMITS.nodes)
    expect(graph.problems).toEqual([`more than ${LIMITS.nodes} nodes: the rest are left out`])
  })

  it('caps the problems it lists, counting the rest', () => {
    const graph = toGraph({ version: 0.4, nodes: Array.from({ length: 80 }, () => 'junk'), links: [] })
    expect(graph.problems).toHaveLength(LIMITS.problems + 1)
    expect(graph.problems.at(-1)).toBe('30 more problems')
  })

  it('stops opening subgraphs nested deeper than the depth limit', () => {
    const subgraphs = Array.from({ length: 20 }, (_, level) => ({
      id: `s${level}`,
      name: `level ${level}`,
      nodes: level < 19 ? [{ id: 1, type: `s${level + 1}` }] : [{ id: 1, type: 'SaveImage' }],
      links: [],
    }))
    const graph = toGraph({ version: 1, nodes: [{ id: 1, type: 's0' }], links: [], definitions: { subgraphs } })
    let depth = 0
    for (let level = graph.nodes[0]!.subgraph; level; level = level.nodes.at(-1)?.subgraph) depth++
    expect(depth).toBe(LIMITS.depth)
    expect(graph.problems.some((problem) => problem.includes('nests too deep'))).toBe(true)
  })

  it('answers a value whose fields throw when read (not plain JSON) with a problem', () => {
    const json = {
      version: 1,
      get nodes(): unknown {
        throw new Error('getter says no')
      },
    }
    const graph = toGraph(json)
    expect(graph.nodes).toEqual([])
    expect(graph.problems.at(-1)).toBe('could not be read: getter says no')
  })

  it('keeps "__proto__" as a plain parameter name, never as a prototype', () => {
    const api = toGraph(JSON.parse('{"1": {"class_type": "A", "inputs": {"__proto__": {"polluted": true}}}}'))
    const parameters = api.nodes[0]!.parameters
    expect(Object.getPrototypeOf(parameters)).toBe(Object.prototype)
    expect(Object.keys(parameters)).toEqual(['__proto__'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
