// ComfyUI's UI ("workflow") format: v0.4 (links as arrays) and v1 (links as objects, subgraphs in
// `definitions.subgraphs`, instances being nodes whose type is the subgraph's id).
import { assignGroups, readGroups } from './comfy-groups'
import { widgetParameters } from './comfy-widgets'
import { idText, isRecord, keepConnected, list, num, point, text, typeText, uniqueNodes, type ReadState } from './read'
import { LIMITS, type Graph, type GraphEdge, type GraphNode } from './types'

// litegraph's ids for the boundary nodes inside a subgraph definition.
const SUBGRAPH_INPUT = '-10'
const SUBGRAPH_OUTPUT = '-20'

type Definitions = Map<string, Record<string, unknown>>

/** Reads a ComfyUI UI-format workflow (v0.4 or v1) into the graph model. */
export function readComfyUi(json: Record<string, unknown>, state: ReadState): Graph {
  return readLevel(json, state, collectDefinitions(json, state), [])
}

/** Every subgraph definition by id, nested ones included (the frontend hoists them, older files may not). */
function collectDefinitions(json: Record<string, unknown>, state: ReadState): Definitions {
  const found: Definitions = new Map()
  const pending: { holder: Record<string, unknown>; depth: number }[] = [{ holder: json, depth: 0 }]
  while (pending.length > 0) {
    const { holder, depth } = pending.pop()!
    if (!isRecord(holder.definitions)) continue
    for (const definition of list(holder.definitions.subgraphs)) {
      const id = isRecord(definition) ? idText(definition.id) : undefined
      if (!isRecord(definition) || id === undefined || found.has(id)) continue
      if (found.size >= LIMITS.nodes) return found
      found.set(id, definition)
      if (depth + 1 < LIMITS.depth) pending.push({ holder: definition, depth: depth + 1 })
      else state.note(`subgraph definitions nested deeper than ${LIMITS.depth} levels are left out`)
    }
  }
  return found
}

/** One graph level: the root workflow or a subgraph definition (`stack`: the definitions it is inside). */
function readLevel(level: Record<string, unknown>, state: ReadState, defs: Definitions, stack: string[]): Graph {
  const raw = new Map<string, Record<string, unknown>>()
  const nodes: GraphNode[] = [...boundaryNodes(level, stack, state)]
  for (const item of list(level.nodes)) {
    const id = isRecord(item) ? idText(item.id) : undefined
    const type = isRecord(item) ? text(item.type) : undefined
    if (!isRecord(item) || id === undefined || type === undefined) {
      state.note('a node without an id or type was skipped')
      continue
    }
    if (!state.takeNode()) break
    if (!raw.has(id)) raw.set(id, item)
    nodes.push(readNode(item, id, type, state, defs, stack))
  }
  const kept = uniqueNodes(nodes, state)
  const groups = readGroups(level.groups)
  assignGroups(kept, groups)
  const edges = keepConnected(readLinks(level, raw, state), kept, state)
  return { nodes: kept, edges, ...(groups.length > 0 ? { groups } : {}), problems: [] }
}

/** A subgraph definition's input and output boundary, as nodes the inner links can attach to. */
function boundaryNodes(level: Record<string, unknown>, stack: string[], state: ReadState): GraphNode[] {
  if (stack.length === 0) return []
  const ends: [string, unknown, string, string][] = [
    [SUBGRAPH_INPUT, level.inputNode, 'SubgraphInput', 'Subgraph inputs'],
    [SUBGRAPH_OUTPUT, level.outputNode, 'SubgraphOutput', 'Subgraph outputs'],
  ]
  return ends.flatMap(([id, box, type, title]): GraphNode[] => {
    if (!state.takeNode()) return []
    const [x, y, width, height] = isRecord(box) ? list(box.bounding).map(num) : []
    const placed = x !== undefined && y !== undefined && width !== undefined && height !== undefined
    if (!placed) return [{ id, type, title, parameters: {}, position: null, group: null }]
    return [{ id, type, title, parameters: {}, position: { x, y }, size: { width, height }, group: null }]
  })
}

function readNode(
  item: Record<string, unknown>,
  id: string,
  type: string,
  state: ReadState,
  defs: Definitions,
  stack: string[],
): GraphNode {
  const size = point(item.size)
  const mode = item.mode === 2 ? 'muted' : item.mode === 4 ? 'bypassed' : undefined
  const definition = defs.get(type)
  const node: GraphNode = {
    id,
    type,
    title: text(item.title) ?? text(definition?.name) ?? type,
    parameters: widgetParameters(item, type),
    position: point(item.pos),
    ...(size ? { size: { width: size.x, height: size.y } } : {}),
    group: null,
    ...(mode ? { mode } : {}),
  }
  if (definition === undefined) return node
  if (stack.includes(type) || stack.length >= LIMITS.depth) {
    state.note(`subgraph ${type} contains itself or nests too deep: node ${id} is not opened`)
    return node
  }
  const name = text(definition.name) ?? type
  node.subgraph = state.within(`subgraph ${name}`, () => readLevel(definition, state, defs, [...stack, type]))
  return node
}

/** The slot index of a link end; the schema allows numeric strings. */
function slotIndex(value: unknown): number | undefined {
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value)
  const index = num(value)
  return index !== undefined && Number.isInteger(index) && index >= 0 ? index : undefined
}

/** Links as v0.4 arrays `[id, from, fromSlot, to, toSlot, type]` or v1 objects; either may appear in either version. */
function readLinks(
  level: Record<string, unknown>,
  raw: Map<string, Record<string, unknown>>,
  state: ReadState,
): GraphEdge[] {
  const edges: GraphEdge[] = []
  for (const link of list(level.links)) {
    const fields = Array.isArray(link)
      ? { id: link[0], from: link[1], fromSlot: link[2], to: link[3], toSlot: link[4], type: link[5] }
      : isRecord(link)
        ? {
            id: link.id,
            from: link.origin_id,
            fromSlot: link.origin_slot,
            to: link.target_id,
            toSlot: link.target_slot,
            type: link.type,
          }
        : undefined
    const from = idText(fields?.from)
    const to = idText(fields?.to)
    const fromSlot = slotIndex(fields?.fromSlot)
    const toSlot = slotIndex(fields?.toSlot)
    if (!fields || from === undefined || to === undefined || fromSlot === undefined || toSlot === undefined) {
      state.note('a link that is not [id, from, slot, to, slot, type] was skipped')
      continue
    }
    if (!state.takeEdge()) break
    edges.push({
      id: idText(fields.id) ?? `${from}:${fromSlot}->${to}:${toSlot}`,
      from: { node: from, slot: fromSlot },
      to: { node: to, input: inputName(level, raw, to, toSlot) },
      type: typeText(fields.type),
    })
  }
  return edges
}

/** The name of a node's input slot; inside a subgraph, the output boundary's slots are the definition's outputs. */
function inputName(
  level: Record<string, unknown>,
  raw: Map<string, Record<string, unknown>>,
  node: string,
  slot: number,
): string {
  const inputs = node === SUBGRAPH_OUTPUT ? level.outputs : raw.get(node)?.inputs
  const input = list(inputs)[slot]
  return (isRecord(input) ? text(input.name) : undefined) ?? String(slot)
}
