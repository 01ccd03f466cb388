import { Handle, Position, type NodeProps } from '@xyflow/react'
import { createContext, memo, useContext, type MouseEvent } from 'react'
import type { Graph } from '../../../../shared/workflow-graph'
import type { GroupFlowNode, WorkflowFlowNode } from './flow-elements'
import { showsType } from './graph-layout'
import { useThumbnailVersion } from '../../api/thumbnail-versions'
import { posterUrl } from '../../api/media-urls'

/** How a subgraph node opens: one stable function from the graph, so nodes need no callback in their data. */
export const OpenSubgraphContext = createContext<(nodeId: string, subgraph: Graph) => void>(() => {})

/** Posters shown on a node; more are counted, not drawn (a busy save node can have hundreds). */
const SHOWN_THUMBNAILS = 4

/** One workflow node: title, type, a few key parameters, posters of what it produced, a subgraph badge. */
export const WorkflowNode = memo(function WorkflowNode({ data, selected }: NodeProps<WorkflowFlowNode>) {
  const { node, parameters, thumbnails, mark } = data
  const open = useContext(OpenSubgraphContext)
  const classes = [
    'wf-node',
    node.mode ? `wf-node-${node.mode}` : '',
    mark ? `wf-node-${mark}` : '',
    selected ? 'selected' : '',
  ]
  const onOpen = (event: MouseEvent) => {
    // The click would also select the node; opening is the only thing the user asked for.
    event.stopPropagation()
    if (node.subgraph) open(node.id, node.subgraph)
  }
  return (
    <div className={classes.filter(Boolean).join(' ')} data-node-id={node.id}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="wf-node-head">
        <span className="wf-node-title" title={node.title}>
          {node.title}
        </span>
        {mark && <span className={`wf-badge wf-badge-${mark}`}>{mark}</span>}
        {node.mode && <span className="wf-badge">{node.mode}</span>}
        <span className="wf-node-id" title={node.id}>
          #{shortId(node.id)}
        </span>
      </div>
      {showsType(node) && (
        <div className="wf-node-type" title={node.type}>
          {node.type}
        </div>
      )}
      {parameters.length > 0 && (
        <dl className="wf-node-params">
          {parameters.map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd title={value}>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {thumbnails.length > 0 && (
        <div className="wf-node-thumbs">
          {thumbnails.slice(0, SHOWN_THUMBNAILS).map((assetId) => (
            <NodePoster key={assetId} assetId={assetId} />
          ))}
          {thumbnails.length > SHOWN_THUMBNAILS && (
            <span className="wf-more">+{thumbnails.length - SHOWN_THUMBNAILS}</span>
          )}
        </div>
      )}
      {node.subgraph && (
        <button type="button" className="wf-subgraph nodrag" onClick={onOpen}>
          Subgraph · {node.subgraph.nodes.length} nodes · Open
        </button>
      )}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  )
})

/** An asset's poster on a node, asked for again when its thumbnails are made (a first answer may be "not yet"). */
function NodePoster({ assetId }: { assetId: string }) {
  const version = useThumbnailVersion(assetId)
  return <img src={posterUrl(assetId, version)} alt="" loading="lazy" decoding="async" draggable={false} />
}

/** Ids as people compare them: ComfyUI's numbers whole, InvokeAI's UUIDs by their first 8 characters. */
function shortId(id: string): string {
  return id.length > 10 ? `${id.slice(0, 8)}…` : id
}

/** A ComfyUI group: a titled box behind its nodes. */
export const WorkflowGroup = memo(function WorkflowGroup({ data }: NodeProps<GroupFlowNode>) {
  return (
    <div className="wf-group" style={data.color ? { borderColor: data.color } : undefined}>
      <span className="wf-group-title">{data.title}</span>
    </div>
  )
})
