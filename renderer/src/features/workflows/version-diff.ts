// Pure helpers of the version comparison (issue 20 point 1): what the graph marks and how the list words it.
import type { WorkflowVersion, WorkflowVersionDiff } from '../../../../shared/contract'
import { linkKey, type Graph } from '../../../../shared/workflow-graph'
import { formatDateTime, plural } from '../../format'
import { parameterText } from './workflow-view'

/** How a drawn node differs from the version it is compared with. */
export type NodeMark = 'added' | 'changed'

/** What one graph level marks: nodes by their id at that level, and the ids of its edges that are new. */
export interface DiffMarks {
  nodes: Record<string, NodeMark>
  edges: ReadonlySet<string>
}

/**
 * The marks of one level (`path` of subgraph node ids) of the drawn, newer side of a diff. A change
 * inside a subgraph ("12:5" added, changed or removed) marks its subgraph node "12" as changed.
 */
export function levelMarks(diff: WorkflowVersionDiff, graph: Graph, path: readonly string[]): DiffMarks {
  const prefix = path.length === 0 ? '' : `${path.join(':')}:`
  const nodes: Record<string, NodeMark> = {}
  const mark = (fullId: string, kind: NodeMark | null) => {
    if (!fullId.startsWith(prefix)) return
    const rest = fullId.slice(prefix.length)
    const at = rest.indexOf(':')
    if (at < 0 && kind) nodes[rest] = kind
    else if (at > 0 && !nodes[rest.slice(0, at)]) nodes[rest.slice(0, at)] = 'changed'
  }
  for (const node of diff.nodes.added) mark(node.id, 'added')
  for (const node of diff.nodes.changed) mark(node.id, 'changed')
  // A removed node is not drawn; inside a subgraph it still tells that the subgraph changed.
  for (const node of diff.nodes.removed) mark(node.id, null)
  const added = new Set(diff.links.added.map(linkKey))
  const edges = new Set<string>()
  for (const edge of graph.edges) {
    const key = linkKey({
      from: { node: prefix + edge.from.node, slot: edge.from.slot },
      to: { node: prefix + edge.to.node, input: edge.to.input },
      type: edge.type,
    })
    if (added.has(key)) edges.add(edge.id)
  }
  return { nodes, edges }
}

/** A diff in one line: "1 node added, 2 changed · 1 link added"; "No differences" when there are none. */
export function diffSummary(diff: WorkflowVersionDiff): string {
  const { added, removed, changed } = diff.nodes
  const nodes = counted('node', 'nodes', [
    [added.length, 'added'],
    [removed.length, 'removed'],
    [changed.length, 'changed'],
  ])
  const links = counted('link', 'links', [
    [diff.links.added.length, 'added'],
    [diff.links.removed.length, 'removed'],
  ])
  const parts = [nodes, links].filter(Boolean)
  return parts.length === 0 ? 'No differences' : parts.join(' · ')
}

// "2 nodes added, 1 removed": the noun once, on the first count that is not zero.
function counted(one: string, many: string, counts: [number, string][]): string {
  const shown = counts.filter(([n]) => n > 0)
  return shown.map(([n, what], i) => `${i === 0 ? plural(n, one, many) : n.toLocaleString()} ${what}`).join(', ')
}

/** One side of a changed value as text; a side that had none says so. */
export function changeText(value: unknown, present: boolean): string {
  return present ? parameterText(value) : '(none)'
}

/** A node as the list names it: its title, its type when the title is another, and its id. */
export function nodeName(node: { id: string; type: string; title: string }): string {
  return node.title === node.type ? `${node.title} #${node.id}` : `${node.title} (${node.type}) #${node.id}`
}

/** A version as the pickers show it: "Version 2 · 23/11/2026, 11:25 · 3 runs". */
export function versionLabel(version: WorkflowVersion): string {
  const uses =
    version.executions > 0 ? plural(version.executions, 'run', 'runs') : plural(version.assets, 'asset', 'assets')
  return `Version ${version.ordinal} · ${formatDateTime(version.createdAt)} · ${uses}`
}

/** What a version holds, in words: "arrived …; 2 definitions, 3 assets, 2 runs". */
export function versionFacts(version: WorkflowVersion): string {
  return [
    `arrived ${formatDateTime(version.createdAt)}`,
    [
      plural(version.definitions, 'definition', 'definitions'),
      plural(version.assets, 'asset', 'assets'),
      plural(version.executions, 'run', 'runs'),
    ].join(', '),
  ].join('; ')
}
