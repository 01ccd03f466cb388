// Where each node of a workflow graph is drawn: the file's own layout when it has one, else dagre's.
import dagre from '@dagrejs/dagre'
import type { Graph, GraphNode, GraphPoint } from '../../../../shared/workflow-graph'
import { keyParameters } from './node-summary'

/** Width of a drawn node without a stored layout. */
export const NODE_WIDTH = 240
// Heights in px of the parts of a drawn node; workflows.css gives them the same sizes, so a node's
// height is known before it is drawn: dagre needs it, and React Flow shows a node with one at once.
const FRAME = 18 // padding 8 + 8, border 1 + 1
const TITLE_LINE = 18
const TYPE_LINE = 16
const PARAMETERS_GAP = 4
const PARAMETER_LINE = 18
const SUBGRAPH_BUTTON = 26 // margin 6 + 20
/** Height of a node's row of posters: margin 8 + 56. */
export const THUMBNAIL_ROW_HEIGHT = 64

/** Whether a node shows its type under the title (not when the title says it, nor for a subgraph). */
export function showsType(node: GraphNode): boolean {
  return !node.subgraph && node.type !== node.title
}

/** A drawn node's height from what it shows. */
export function nodeHeight(node: GraphNode, withThumbnails = false): number {
  const parameters = keyParameters(node).length
  return (
    FRAME +
    TITLE_LINE +
    (showsType(node) ? TYPE_LINE : 0) +
    (parameters > 0 ? PARAMETERS_GAP + parameters * PARAMETER_LINE : 0) +
    (node.subgraph ? SUBGRAPH_BUTTON : 0) +
    (withThumbnails ? THUMBNAIL_ROW_HEIGHT : 0)
  )
}

/** Top-left corners by node id, and whether they came from the file or from dagre. */
export interface Layout {
  positions: Map<string, GraphPoint>
  source: 'stored' | 'auto'
}

/**
 * Positions for every node (`withThumbnails`: ids of nodes that show posters, so are taller). Stored positions are used only when every node has one: a partial
 * layout mixed with computed positions would put the computed nodes on top of stored ones.
 */
export function layoutGraph(graph: Graph, withThumbnails: ReadonlySet<string> = new Set()): Layout {
  if (graph.nodes.length > 0 && graph.nodes.every((node) => node.position !== null)) {
    return { positions: new Map(graph.nodes.map((node) => [node.id, node.position!])), source: 'stored' }
  }
  const layout = new dagre.graphlib.Graph()
  // Left to right, as generators draw their graphs: loaders on the left, outputs on the right.
  // tight-tree ranking and one ordering heuristic instead of two: on a 300-node workflow with shared
  // loaders this is 3-4x faster than dagre's defaults, at slightly longer edges (measured: bench).
  layout.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 90, marginx: 20, marginy: 20, ranker: 'tight-tree' })
  layout.setDefaultEdgeLabel(() => ({}))
  const heights = new Map(graph.nodes.map((node) => [node.id, nodeHeight(node, withThumbnails.has(node.id))]))
  for (const node of graph.nodes) layout.setNode(node.id, { width: NODE_WIDTH, height: heights.get(node.id)! })
  for (const edge of graph.edges) {
    if (edge.from.node !== edge.to.node) layout.setEdge(edge.from.node, edge.to.node)
  }
  dagre.layout(layout, { disableOptimalOrderHeuristic: true })
  const positions = new Map<string, GraphPoint>()
  for (const node of graph.nodes) {
    const centre = layout.node(node.id)
    // dagre places centres; the drawing places top-left corners.
    positions.set(node.id, { x: centre.x - NODE_WIDTH / 2, y: centre.y - heights.get(node.id)! / 2 })
  }
  return { positions, source: 'auto' }
}

// Layouts by graph object, then by the ids of nodes with posters: going back up from a subgraph, or
// opening the same workflow again, must not pay for dagre twice.
const LAYOUTS = new WeakMap<Graph, Map<string, Layout>>()
const LAYOUTS_PER_GRAPH = 4

/** `layoutGraph`, remembered per graph object and set of nodes with posters. */
export function cachedLayout(graph: Graph, withThumbnails: ReadonlySet<string>): Layout {
  const key = [...withThumbnails].sort().join('\n')
  const known = LAYOUTS.get(graph) ?? new Map<string, Layout>()
  LAYOUTS.set(graph, known)
  const hit = known.get(key)
  if (hit) return hit
  const layout = layoutGraph(graph, withThumbnails)
  if (known.size >= LAYOUTS_PER_GRAPH) known.delete(known.keys().next().value!)
  known.set(key, layout)
  return layout
}
