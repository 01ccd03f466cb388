// The graph model as @xyflow/react nodes and edges: computed once per graph, not per render.
import type { Edge, Node } from '@xyflow/react'
import type { Graph, GraphNode } from '../../../../shared/workflow-graph'
import { NODE_WIDTH, nodeHeight, type Layout } from './graph-layout'
import { keyParameters } from './node-summary'
import type { DiffMarks, NodeMark } from './version-diff'

/** What a drawn workflow node gets; the component reads only this. */
export type WorkflowNodeData = {
  node: GraphNode
  parameters: [string, string][]
  thumbnails: readonly string[]
  /** How the node differs from the version it is compared with; absent when it does not, or nothing is compared. */
  mark?: NodeMark
}
export type WorkflowFlowNode = Node<WorkflowNodeData, 'workflow'>
export type GroupFlowNode = Node<{ title: string; color?: string }, 'workflowGroup'>

const NO_THUMBNAILS: readonly string[] = []
// Stored ComfyUI widths range from ~200 to ~500; narrower would clip the title, wider wastes the canvas.
const MIN_WIDTH = 180
const MAX_WIDTH = 420

/** The drawn graph: positioned nodes (groups behind them when the layout is the file's own) and edges, with a comparison's marks. */
export function flowElements(
  graph: Graph,
  layout: Layout,
  thumbnails: Record<string, readonly string[]> | undefined,
  marks?: DiffMarks,
): { nodes: (WorkflowFlowNode | GroupFlowNode)[]; edges: Edge[] } {
  const nodes: (WorkflowFlowNode | GroupFlowNode)[] = []
  const ids = new Set(graph.nodes.map((node) => node.id))
  // Group boxes are in the file's coordinates, so they only make sense over the file's layout.
  if (layout.source === 'stored') {
    for (const group of graph.groups ?? []) {
      const id = `group:${group.id}`
      if (ids.has(id)) continue
      nodes.push({
        id,
        type: 'workflowGroup',
        position: { x: group.bounds.x, y: group.bounds.y },
        width: group.bounds.width,
        height: group.bounds.height,
        data: { title: group.title, ...(group.color ? { color: group.color } : {}) },
        selectable: false,
        focusable: false,
        zIndex: -1,
      })
    }
  }
  for (const node of graph.nodes) {
    const width = layout.source === 'stored' ? clamp(node.size?.width ?? NODE_WIDTH, MIN_WIDTH, MAX_WIDTH) : NODE_WIDTH
    const posters = thumbnails?.[node.id] ?? NO_THUMBNAILS
    const mark = marks?.nodes[node.id]
    const named =
      node.title === node.type ? `${node.title}, node ${node.id}` : `${node.title} (${node.type}), node ${node.id}`
    nodes.push({
      id: node.id,
      type: 'workflow',
      position: layout.positions.get(node.id) ?? { x: 0, y: 0 },
      // A size given up front: React Flow draws the node without waiting to measure it (300 nodes in one pass).
      width,
      height: nodeHeight(node, posters.length > 0),
      ariaLabel: mark ? `${named}, ${mark}` : named,
      data: { node, parameters: keyParameters(node), thumbnails: posters, ...(mark && { mark }) },
    })
  }
  const edges: Edge[] = graph.edges.map((edge) => {
    const classes = [
      'wf-edge',
      edge.type ? `wf-edge-${cssToken(edge.type)}` : '',
      marks?.edges.has(edge.id) ? 'wf-edge-added' : '',
    ]
    return {
      id: edge.id,
      source: edge.from.node,
      target: edge.to.node,
      focusable: false,
      className: classes.filter(Boolean).join(' '),
    }
  })
  return { nodes, edges }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value))
}

/** A data type as a class-name token (`CONDITIONING` → `conditioning`); other characters dropped. */
function cssToken(type: string): string {
  return (
    type
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, '')
      .slice(0, 40) || 'other'
  )
}
