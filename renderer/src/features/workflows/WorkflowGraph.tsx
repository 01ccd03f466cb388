import '@xyflow/react/dist/style.css'
import { Background, Controls, MiniMap, ReactFlow, useReactFlow, type NodeMouseHandler } from '@xyflow/react'
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import type { Graph } from '../../../../shared/workflow-graph'
import { flowElements } from './flow-elements'
import { cachedLayout } from './graph-layout'
import type { DiffMarks } from './version-diff'
import { OpenSubgraphContext, WorkflowGroup, WorkflowNode } from './WorkflowNode'

// Module-level so React Flow never sees a new map (it warns, and re-creates every node).
const NODE_TYPES = { workflow: WorkflowNode, workflowGroup: WorkflowGroup }
// The attribution links out of the app; external links are opened only from the app's own list.
const PRO_OPTIONS = { hideAttribution: true }

export interface WorkflowGraphProps {
  graph: Graph
  /** Poster URLs of what each node produced, by node id. */
  thumbnails?: Record<string, readonly string[]>
  onNodeClick?: (nodeId: string) => void
  /** A subgraph node's "Open" was pressed. */
  onOpenSubgraph?: (nodeId: string, subgraph: Graph) => void
  selectedNodeId?: string | null
  minimap?: boolean
  /** Accessible name of the drawing. */
  label?: string
  /** Nodes and edges a comparison with another version marks (keep its identity while it is the same). */
  marks?: DiffMarks
  /** A node to zoom to; each new object zooms again. */
  focus?: { nodeId: string } | null
}

/**
 * A workflow graph drawn read-only: the file's own positions when it has them for every node, else
 * a left-to-right dagre layout. Zoom and pan; node clicks and subgraph opening go to the caller.
 */
export function WorkflowGraph({
  graph,
  thumbnails,
  onNodeClick,
  onOpenSubgraph,
  selectedNodeId = null,
  minimap = false,
  label = 'Workflow graph',
  marks,
  focus = null,
}: WorkflowGraphProps) {
  // Callbacks live in refs so a parent re-render with new closures does not rebuild every node.
  const handlers = useRef({ onNodeClick, onOpenSubgraph })
  useEffect(() => {
    handlers.current = { onNodeClick, onOpenSubgraph }
  })
  const posters = useSameContent(thumbnails)
  const withThumbnails = useThumbnailIds(posters)
  const layout = useMemo(() => cachedLayout(graph, withThumbnails), [graph, withThumbnails])
  const open = useCallback((nodeId: string, subgraph: Graph) => handlers.current.onOpenSubgraph?.(nodeId, subgraph), [])
  const elements = useMemo(() => flowElements(graph, layout, posters, marks), [graph, layout, posters, marks])
  const nodes = useMemo(
    () =>
      selectedNodeId === null
        ? elements.nodes
        : elements.nodes.map((node) => (node.id === selectedNodeId ? { ...node, selected: true } : node)),
    [elements, selectedNodeId],
  )
  const clicked = useCallback<NodeMouseHandler>((_event, node) => {
    if (node.type === 'workflow') handlers.current.onNodeClick?.(node.id)
  }, [])
  // React Flow makes nodes focusable but Enter only selects them; here it does what a click does.
  const keyed = useCallback((event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target instanceof HTMLElement ? event.target : null
    const nodeId = target?.classList.contains('react-flow__node-workflow') ? target.dataset.id : undefined
    if (event.key === 'Enter' && nodeId !== undefined) handlers.current.onNodeClick?.(nodeId)
  }, [])
  return (
    <div className="wf-graph" role="group" aria-label={label} onKeyDown={keyed}>
      <OpenSubgraphContext.Provider value={open}>
        <ReactFlow
          nodes={nodes}
          edges={elements.edges}
          nodeTypes={NODE_TYPES}
          onNodeClick={clicked}
          nodesDraggable={false}
          nodesConnectable={false}
          edgesFocusable={false}
          minZoom={0.05}
          maxZoom={2}
          fitView
          proOptions={PRO_OPTIONS}
        >
          <FitOnNewGraph graph={graph} />
          <FocusNode focus={focus} />
          <Background gap={24} />
          <Controls showInteractive={false} />
          {minimap && <MiniMap pannable zoomable nodeClassName={miniNodeClass} />}
        </ReactFlow>
      </OpenSubgraphContext.Provider>
    </div>
  )
}

function miniNodeClass(node: { type?: string; data?: { mark?: string } }): string {
  if (node.type === 'workflowGroup') return 'wf-mini-group'
  return node.data?.mark ? `wf-mini-node wf-mini-${node.data.mark}` : 'wf-mini-node'
}

/** `fitView` applies to the first graph only; another one (an opened subgraph) is fitted here. */
function FitOnNewGraph({ graph }: { graph: Graph }) {
  const { fitView } = useReactFlow()
  const first = useRef(graph)
  useEffect(() => {
    if (graph !== first.current) void fitView()
  }, [graph, fitView])
  return null
}

/** Zooms to the node a caller points at (a name in a comparison's list), after any fit of a new graph. */
function FocusNode({ focus }: { focus: { nodeId: string } | null }) {
  const { fitView } = useReactFlow()
  useEffect(() => {
    if (focus) void fitView({ nodes: [{ id: focus.nodeId }], maxZoom: 1, duration: 300 })
  }, [focus, fitView])
  return null
}

/**
 * The thumbnails as first seen while their content stays the same: a caller that builds the record
 * on every render must not make all nodes re-render (React's "store the previous value" pattern).
 */
function useSameContent(
  thumbnails: Record<string, readonly string[]> | undefined,
): Record<string, readonly string[]> | undefined {
  const key = thumbnails ? JSON.stringify(thumbnails) : ''
  const [kept, setKept] = useState({ key, thumbnails })
  if (kept.key === key) return kept.thumbnails
  setKept({ key, thumbnails })
  return thumbnails
}

/** The ids of nodes that have posters, as a set that keeps its identity while they stay the same. */
function useThumbnailIds(thumbnails: Record<string, readonly string[]> | undefined): ReadonlySet<string> {
  const key = Object.entries(thumbnails ?? {})
    .filter(([, urls]) => urls.length > 0)
    .map(([id]) => id)
    .sort()
    .join('\n')
  return useMemo(() => new Set(key === '' ? [] : key.split('\n')), [key])
}
