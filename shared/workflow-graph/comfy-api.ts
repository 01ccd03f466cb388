// ComfyUI's API ("prompt") format: `{ "3": { class_type, inputs, _meta: { title } } }`.
import { idText, isRecord, keepConnected, num, text, type ReadState } from './read'
import type { Graph, GraphEdge, GraphNode } from './types'

/**
 * Whether an input value is a link. ComfyUI's executor treats any `[str, int]` pair as one
 * (`is_link`), which is why literal lists travel wrapped as `{"__value__": [...]}`.
 */
function linkOf(value: unknown): { node: string; slot: number } | undefined {
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string') return undefined
  const slot = num(value[1])
  return slot !== undefined && Number.isInteger(slot) && slot >= 0 ? { node: value[0], slot } : undefined
}

/** An input's value, unwrapped from `{"__value__": v}`. */
function plainValue(value: unknown): unknown {
  return isRecord(value) && Object.keys(value).length === 1 && '__value__' in value ? value.__value__ : value
}

/** Reads a ComfyUI API-format prompt; it has no layout, so positions are null. */
export function readComfyApi(json: Record<string, unknown>, state: ReadState): Graph {
  const nodes: GraphNode[] = []
  const edges: GraphEdge[] = []
  for (const [key, item] of Object.entries(json)) {
    const type = isRecord(item) ? text(item.class_type) : undefined
    const id = idText(key)
    if (!isRecord(item) || type === undefined || id === undefined) {
      state.note(`entry ${key.slice(0, 40)} has no class_type and was skipped`)
      continue
    }
    if (!state.takeNode()) break
    const parameters: [string, unknown][] = []
    for (const [input, value] of Object.entries(isRecord(item.inputs) ? item.inputs : {})) {
      const link = linkOf(value)
      if (!link) parameters.push([input, plainValue(value)])
      else if (state.takeEdge()) {
        edges.push({
          id: `${link.node}:${link.slot}->${id}:${input}`,
          from: link,
          to: { node: id, input },
          type: null,
        })
      }
    }
    const title = isRecord(item._meta) ? text(item._meta.title) : undefined
    nodes.push({
      id,
      type,
      title: title ?? type,
      parameters: Object.fromEntries(parameters),
      position: null,
      group: null,
    })
  }
  return { nodes, edges: keepConnected(edges, nodes, state), problems: [] }
}
