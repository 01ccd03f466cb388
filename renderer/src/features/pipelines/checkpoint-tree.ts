import type { CheckpointNode } from '../../../../shared/contract'

/** How the tree is shown: newest or oldest first among siblings, and which nodes it is filtered to. */
export interface TreeQuery {
  sort: 'newest' | 'oldest'
  /** A stage name ('frames' for roots), or '' for every stage. */
  stage: string
  scenariosOnly: boolean
}

export const ALL_NODES: TreeQuery = { sort: 'newest', stage: '', scenariosOnly: false }

/** One visible line of the tree: its node, depth, place among the siblings shown, and whether it matched the filter. */
export interface TreeRow {
  node: CheckpointNode
  depth: number
  /** Children shown under the filter (whether or not collapsed). */
  childCount: number
  expanded: boolean
  /** False for an ancestor shown only to keep a match in its place. */
  match: boolean
  position: number
  siblings: number
}

/** A node's stage as the tree names it: a root is the timeline's frames. */
export const stageOf = (node: CheckpointNode): string => node.stage ?? 'frames'

/** True when the query hides nodes (an ancestor shown only for a match is then marked so). */
export const isFiltered = (query: TreeQuery) => query.stage !== '' || query.scenariosOnly

function matches(node: CheckpointNode, query: TreeQuery): boolean {
  return (query.stage === '' || stageOf(node) === query.stage) && (!query.scenariosOnly || node.isScenario)
}

/**
 * The rows a tree shows, depth first: under a filter, the matching nodes with their ancestors (so it stays a
 * tree); siblings newest or oldest first (ids rise with creation); nothing below a collapsed node. A node whose
 * parent is not in `nodes` is a root. O(n log n), no work per node beyond a few map reads.
 */
export function visibleRows(
  nodes: readonly CheckpointNode[],
  query: TreeQuery,
  collapsed: ReadonlySet<number>,
): TreeRow[] {
  const byId = new Map(nodes.map((node) => [node.id, node]))
  const matched = new Set<number>()
  const shown = new Set<number>()
  for (const node of nodes) {
    if (!matches(node, query)) continue
    matched.add(node.id)
    addWithAncestors(node, byId, shown)
  }
  const children = new Map<number | null, CheckpointNode[]>()
  for (const node of nodes) {
    if (!shown.has(node.id)) continue
    const parent = node.parentId !== null && byId.has(node.parentId) ? node.parentId : null
    const list = children.get(parent)
    if (list) list.push(node)
    else children.set(parent, [node])
  }
  const order = query.sort === 'newest' ? (a: CheckpointNode, b: CheckpointNode) => b.id - a.id : undefined
  for (const list of children.values()) list.sort(order ?? ((a, b) => a.id - b.id))
  const rows: TreeRow[] = []
  const walk = (parent: number | null, depth: number) => {
    const list = children.get(parent) ?? []
    list.forEach((node, index) => {
      const childCount = children.get(node.id)?.length ?? 0
      const expanded = !collapsed.has(node.id)
      rows.push({
        node,
        depth,
        childCount,
        expanded,
        match: matched.has(node.id),
        position: index + 1,
        siblings: list.length,
      })
      if (expanded) walk(node.id, depth + 1)
    })
  }
  walk(null, 0)
  return rows
}

/** The ids of a node and everything below it; parents come before children (ids rise), so one pass finds them. */
export function branchOf(nodes: readonly CheckpointNode[], id: number): Set<number> {
  const branch = new Set([id])
  for (const node of [...nodes].sort((a, b) => a.id - b.id)) {
    if (node.parentId !== null && branch.has(node.parentId)) branch.add(node.id)
  }
  return branch
}

/**
 * How many checkpoints `checkpoints:prune` with `keep` would delete from a timeline's nodes: all but the newest
 * `keep`, the pinned ones, the scenarios and the root, with their ancestors (the backend's rule, for the question).
 */
export function pruneCount(nodes: readonly CheckpointNode[], keep: number): number {
  const byId = new Map(nodes.map((node) => [node.id, node]))
  const newest = [...nodes].sort((a, b) => b.id - a.id).slice(0, Math.max(0, keep))
  const kept = new Set<number>()
  for (const start of [...newest, ...nodes.filter((n) => n.pinned || n.isScenario || n.parentId === null)]) {
    addWithAncestors(start, byId, kept)
  }
  return nodes.length - kept.size
}

/** A stat as a line of the tree says it: "9 frames kept", "1 detection". */
export function statWords(name: string, value: unknown): string {
  const words = name.replace(/_/g, ' ')
  return value === 1 ? `1 ${words.replace(/^(\w+?)s\b/, '$1')}` : `${String(value)} ${words}`
}

/**
 * Up to three stats a node added or changed over its parent's (a checkpoint carries its ancestors' stats
 * forward), as `[name, value]`; a root's own.
 */
export function keyStats(node: CheckpointNode, parent: CheckpointNode | undefined): [string, unknown][] {
  const own = Object.entries(node.stats).filter(
    ([name, value]) => !parent || JSON.stringify(parent.stats[name]) !== JSON.stringify(value),
  )
  return own.slice(0, 3)
}

/** Adds a node and its ancestors to `into`, stopping at one already there (so n nodes cost O(n) in all). */
function addWithAncestors(node: CheckpointNode, byId: Map<number, CheckpointNode>, into: Set<number>): void {
  for (let at: CheckpointNode | undefined = node; at && !into.has(at.id); at = byId.get(at.parentId ?? -1)) {
    into.add(at.id)
  }
}

/**
 * The checkpoint a view shows when none is picked (or the picked one is gone): the newest that found terms
 * (carries a match output), else the newest; null for none.
 */
export function shownCheckpoint(nodes: readonly CheckpointNode[], picked: number | null): CheckpointNode | null {
  let newest: CheckpointNode | null = null
  let newestMatch: CheckpointNode | null = null
  for (const node of nodes) {
    if (node.id === picked) return node
    if (!newest || node.id > newest.id) newest = node
    if ('match' in node.outputKeys && (!newestMatch || node.id > newestMatch.id)) newestMatch = node
  }
  return newestMatch ?? newest
}
