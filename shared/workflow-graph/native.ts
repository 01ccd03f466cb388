// The original media manager's own format: `nodes` `[{ id, type, ... }]` and `connections`
// `[{ from: "node1-output-0", to: "node2-input-0" }]`.
import { idText, isRecord, keepConnected, list, point, text, typeText, uniqueNodes, type ReadState } from './read'
import { LIMITS, type Graph, type GraphEdge, type GraphNode } from './types'

// Where a node keeps its settings, in the order they are looked for; else its other fields are.
const PARAMETER_KEYS = ['parameters', 'params', 'config', 'data'] as const
const NODE_FIELDS = new Set(['id', 'type', 'name', 'title', 'label', 'position', 'pos', 'size', 'inputs', 'outputs'])

/** `"<node>-output-<slot>"` / `"<node>-input-<name>"`; node ids may hold dashes, so the last pair is the end. */
function endpoint(value: unknown, side: 'output' | 'input'): { node: string; slot: string } | undefined {
  if (typeof value !== 'string' || value.length > 2 * LIMITS.text) return undefined
  const match = new RegExp(`^(.+)-${side}-([^-]+)$`).exec(value)
  return match ? { node: match[1]!, slot: match[2]! } : undefined
}

/** Reads the native format; `position` (`{x, y}` or `[x, y]`) is kept when present. */
export function readNative(json: Record<string, unknown>, state: ReadState): Graph {
  const nodes: GraphNode[] = []
  for (const item of list(json.nodes)) {
    const id = isRecord(item) ? idText(item.id) : undefined
    const type = isRecord(item) ? text(item.type) : undefined
    if (!isRecord(item) || id === undefined || type === undefined) {
      state.note('a node without an id or type was skipped')
      continue
    }
    if (!state.takeNode()) break
    nodes.push({
      id,
      type,
      title: text(item.title) ?? text(item.name) ?? text(item.label) ?? type,
      parameters: parametersOf(item),
      position: point(item.position ?? item.pos),
      group: null,
    })
  }
  const edges: GraphEdge[] = []
  for (const connection of list(json.connections)) {
    const from = isRecord(connection) ? endpoint(connection.from, 'output') : undefined
    const to = isRecord(connection) ? endpoint(connection.to, 'input') : undefined
    if (!isRecord(connection) || !from || !to) {
      state.note('a connection that is not {from: "<node>-output-<n>", to: "<node>-input-<n>"} was skipped')
      continue
    }
    if (!state.takeEdge()) break
    edges.push({
      id: `${connection.from}->${connection.to}`,
      from: { node: from.node, slot: /^\d+$/.test(from.slot) ? Number(from.slot) : from.slot },
      to: { node: to.node, input: to.slot },
      type: typeText(connection.type),
    })
  }
  const kept = uniqueNodes(nodes, state)
  return { nodes: kept, edges: keepConnected(edges, kept, state), problems: [] }
}

function parametersOf(item: Record<string, unknown>): Record<string, unknown> {
  const holder = PARAMETER_KEYS.map((key) => item[key]).find(isRecord)
  if (holder) return Object.fromEntries(Object.entries(holder))
  return Object.fromEntries(Object.entries(item).filter(([key]) => !NODE_FIELDS.has(key)))
}
