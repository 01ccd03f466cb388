// InvokeAI: graphs (what ran: a `nodes` map and field-to-field `edges`) and workflows (what the
// editor saves: reactflow nodes with `data.inputs` and handle-addressed edges).
import { idText, isRecord, keepConnected, list, num, text, uniqueNodes, type ReadState } from './read'
import type { Graph, GraphEdge, GraphNode } from './types'

// Bookkeeping fields every invocation carries; they are not parameters a person set.
const GRAPH_NODE_FIELDS = new Set(['id', 'type', 'is_intermediate', 'use_cache'])

/** Reads an InvokeAI graph (`invokeai_graph`); it has no layout, so positions are null. */
export function readInvokeGraph(json: Record<string, unknown>, state: ReadState): Graph {
  const nodes: GraphNode[] = []
  for (const [key, item] of Object.entries(isRecord(json.nodes) ? json.nodes : {})) {
    const type = isRecord(item) ? text(item.type) : undefined
    const id = idText(key)
    if (!isRecord(item) || type === undefined || id === undefined) {
      state.note(`node ${key.slice(0, 40)} has no type and was skipped`)
      continue
    }
    if (!state.takeNode()) break
    const parameters = Object.entries(item).filter(([field]) => !GRAPH_NODE_FIELDS.has(field))
    nodes.push({ id, type, title: type, parameters: Object.fromEntries(parameters), position: null, group: null })
  }
  const edges: GraphEdge[] = []
  for (const edge of list(json.edges)) {
    const source = isRecord(edge) && isRecord(edge.source) ? edge.source : undefined
    const destination = isRecord(edge) && isRecord(edge.destination) ? edge.destination : undefined
    const from = idText(source?.node_id)
    const to = idText(destination?.node_id)
    const slot = text(source?.field)
    const input = text(destination?.field)
    if (from === undefined || to === undefined || slot === undefined || input === undefined) {
      state.note('an edge without source and destination node_id/field was skipped')
      continue
    }
    if (!state.takeEdge()) break
    edges.push({
      id: `${from}.${slot}->${to}.${input}`,
      from: { node: from, slot },
      to: { node: to, input },
      type: null,
    })
  }
  return { nodes, edges: keepConnected(edges, nodes, state), problems: [] }
}

/** Reads an InvokeAI workflow (`invokeai_workflow`, the editor's saved file), positions included. */
export function readInvokeWorkflow(json: Record<string, unknown>, state: ReadState): Graph {
  const nodes: GraphNode[] = []
  for (const item of list(json.nodes)) {
    const data = isRecord(item) && isRecord(item.data) ? item.data : undefined
    const id = isRecord(item) ? idText(item.id) : undefined
    const type = isRecord(item) && item.type === 'notes' ? 'notes' : text(data?.type)
    if (!isRecord(item) || !data || id === undefined || type === undefined) {
      state.note('a node without id, data and type was skipped')
      continue
    }
    if (!state.takeNode()) break
    const width = num(item.width)
    const height = num(item.height)
    const position = isRecord(item.position) ? item.position : {}
    const x = num(position.x)
    const y = num(position.y)
    nodes.push({
      id,
      type,
      title: text(data.label) ?? (type === 'notes' ? 'Notes' : type),
      parameters: type === 'notes' ? { notes: data.notes } : fieldValues(data.inputs),
      position: x !== undefined && y !== undefined ? { x, y } : null,
      ...(width !== undefined && height !== undefined ? { size: { width, height } } : {}),
      group: null,
    })
  }
  const kept = uniqueNodes(nodes, state)
  return { nodes: kept, edges: keepConnected(workflowEdges(json.edges, state), kept, state), problems: [] }
}

/** `data.inputs` as `{ name: value }` (each input is `{ name, label, value }`; connected ones have no value). */
function fieldValues(inputs: unknown): Record<string, unknown> {
  const entries = Object.entries(isRecord(inputs) ? inputs : {}).flatMap(([name, field]) =>
    isRecord(field) && field.value !== undefined ? [[name, field.value] as [string, unknown]] : [],
  )
  return Object.fromEntries(entries)
}

/**
 * Reactflow edges with field handles. `collapsed` edges are skipped: the editor draws them
 * between collapsed nodes in place of the `default` edges it keeps (hidden) for the same fields.
 */
function workflowEdges(value: unknown, state: ReadState): GraphEdge[] {
  const edges: GraphEdge[] = []
  for (const edge of list(value)) {
    if (isRecord(edge) && edge.type === 'collapsed') continue
    const from = isRecord(edge) ? idText(edge.source) : undefined
    const to = isRecord(edge) ? idText(edge.target) : undefined
    const slot = isRecord(edge) ? text(edge.sourceHandle) : undefined
    const input = isRecord(edge) ? text(edge.targetHandle) : undefined
    if (!isRecord(edge) || from === undefined || to === undefined || slot === undefined || input === undefined) {
      state.note('an edge without source, target and handles was skipped')
      continue
    }
    if (!state.takeEdge()) break
    const id = idText(edge.id) ?? `${from}.${slot}->${to}.${input}`
    edges.push({ id, from: { node: from, slot }, to: { node: to, input }, type: null })
  }
  return edges
}
