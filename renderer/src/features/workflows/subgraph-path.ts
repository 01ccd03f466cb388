// Which subgraph a workflow page shows: the path of subgraph node ids opened from the root.
import type { Graph } from '../../../../shared/workflow-graph'

/** One step of the breadcrumb: the graph at that level and the name to show for it. */
export interface GraphLevel {
  graph: Graph
  title: string
  /** Subgraph node ids from the root to this level. */
  path: string[]
}

/**
 * The levels from the root down the opened subgraph path; a step that no longer exists (the
 * workflow changed) ends the walk there, so a stale path shows the deepest level still found.
 */
export function graphLevels(root: Graph, path: readonly string[], rootTitle = 'Workflow'): GraphLevel[] {
  const levels: GraphLevel[] = [{ graph: root, title: rootTitle, path: [] }]
  for (const nodeId of path) {
    const current = levels.at(-1)!
    const node = current.graph.nodes.find((candidate) => candidate.id === nodeId)
    if (!node?.subgraph) break
    levels.push({ graph: node.subgraph, title: node.title, path: [...current.path, nodeId] })
  }
  return levels
}
