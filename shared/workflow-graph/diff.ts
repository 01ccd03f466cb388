// Two definitions of a workflow compared node by node (issue 20 point 1): what a version added,
// removed, changed (each widget value old → new) and rewired.
import { flattenGraph, linkKey, type FlatLink } from './shape'
import type { Graph, GraphNode } from './types'

/** A value before and after; a side left out had no such value. JSON-safe: integers past 2^53 as decimal text. */
export interface ValueChange {
  old?: unknown
  new?: unknown
}

/** A node as a diff names it. */
export interface DiffNode {
  id: string
  type: string
  title: string
}

/** A node in both definitions that differs: its type, title, mode, or widget values by name. */
export interface NodeChange extends DiffNode {
  typeChange?: ValueChange
  titleChange?: ValueChange
  modeChange?: ValueChange
  widgets: (ValueChange & { name: string })[]
}

/** What changed from one definition to another. */
export interface GraphDiff {
  nodes: { added: DiffNode[]; removed: DiffNode[]; changed: NodeChange[] }
  links: { added: FlatLink[]; removed: FlatLink[] }
}

/**
 * The difference from `before` to `after`, nodes matched by id (subgraph nodes by their full id).
 * Values are compared exactly: a bigint (a seed past 2^53 read exactly) equals only the same bigint.
 */
export function diffGraphs(before: Graph, after: Graph): GraphDiff {
  const a = flattenGraph(before)
  const b = flattenGraph(after)
  const added: DiffNode[] = []
  const removed: DiffNode[] = []
  const changed: NodeChange[] = []
  for (const [id, node] of b.nodes) if (!a.nodes.has(id)) added.push(named(id, node))
  for (const [id, node] of a.nodes) {
    const next = b.nodes.get(id)
    if (!next) removed.push(named(id, node))
    else {
      const change = nodeChange(id, node, next)
      if (change) changed.push(change)
    }
  }
  const keysOf = (links: FlatLink[]) => new Map(links.map((link) => [linkKey(link), link]))
  const linksA = keysOf(a.links)
  const linksB = keysOf(b.links)
  return {
    nodes: { added, removed, changed },
    links: {
      added: [...linksB].filter(([key]) => !linksA.has(key)).map(([, link]) => link),
      removed: [...linksA].filter(([key]) => !linksB.has(key)).map(([, link]) => link),
    },
  }
}

function named(id: string, node: GraphNode): DiffNode {
  return { id, type: node.type, title: node.title }
}

function nodeChange(id: string, before: GraphNode, after: GraphNode): NodeChange | null {
  const widgets: NodeChange['widgets'] = []
  const names = new Set([...Object.keys(before.parameters), ...Object.keys(after.parameters)])
  for (const name of names) {
    const had = Object.hasOwn(before.parameters, name)
    const has = Object.hasOwn(after.parameters, name)
    const old = before.parameters[name]
    const value = after.parameters[name]
    if (had && has && sameValue(old, value)) continue
    widgets.push({ name, ...(had && { old: jsonSafe(old) }), ...(has && { new: jsonSafe(value) }) })
  }
  const change = (x: unknown, y: unknown): ValueChange | undefined =>
    x === y ? undefined : { ...(x !== undefined && { old: x }), ...(y !== undefined && { new: y }) }
  const typeChange = change(before.type, after.type)
  const titleChange = change(before.title, after.title)
  const modeChange = change(before.mode, after.mode)
  if (!typeChange && !titleChange && !modeChange && widgets.length === 0) return null
  return {
    ...named(id, after),
    ...(typeChange && { typeChange }),
    ...(titleChange && { titleChange }),
    ...(modeChange && { modeChange }),
    widgets,
  }
}

/** Deep equality of JSON values (bigints included); object key order does not matter. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null)
    return Number.isNaN(a) && Number.isNaN(b)
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const x = a as Record<string, unknown>
  const y = b as Record<string, unknown>
  const keys = Object.keys(x)
  if (keys.length !== Object.keys(y).length) return false
  return keys.every((key) => Object.hasOwn(y, key) && sameValue(x[key], y[key]))
}

/** A value JSON can carry: bigints as their decimal digits, everything else as it is. */
export function jsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString()
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map(jsonSafe)
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, jsonSafe(item)]))
}
