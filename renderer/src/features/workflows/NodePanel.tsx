import { useEffect, useRef, useState } from 'react'
import type { GraphNode } from '../../../../shared/workflow-graph'
import { plural } from '../../format'
import { MediaTiles } from './MediaTiles'
import { useWorkflowData } from './use-workflow-data'
import { parameterText } from './workflow-view'

const PAGE = 60

/** The side panel of a clicked node: type, title, every parameter, and its assets across all runs. */
export function NodePanel({
  workflowId,
  node,
  nodeId,
  onClose,
}: {
  workflowId: string
  node: GraphNode
  /** The node's id as associations name it (inside a subgraph: "12:5"). */
  nodeId: string
  onClose(): void
}) {
  const [limit, setLimit] = useState(PAGE)
  // The key names the node, not the limit: "Show more" keeps the tiles shown while the longer page loads.
  const media = useWorkflowData(`${workflowId}\n${nodeId}`, 'workflows:videos', {
    id: workflowId,
    nodeId,
    limit: Math.min(limit, 500),
    offset: 0,
  })
  const panel = useRef<HTMLElement>(null)
  // On a narrow window the panel sits under the graph: bring it into view when a node is chosen.
  useEffect(() => {
    panel.current?.scrollIntoView?.({ block: 'nearest' })
  }, [nodeId])
  const parameters = Object.entries(node.parameters)
  const items = media.data?.items ?? []
  return (
    <aside ref={panel} className="wf-node-panel" aria-labelledby="wf-node-panel-title">
      <div className="wf-panel-head">
        <h2 id="wf-node-panel-title">{node.title}</h2>
        <button type="button" aria-label="Close node details" onClick={onClose}>
          ×
        </button>
      </div>
      <dl className="wf-node-facts">
        <dt>Type</dt>
        <dd>{node.type}</dd>
        <dt>Node</dt>
        <dd>#{nodeId}</dd>
        {node.mode && (
          <>
            <dt>Mode</dt>
            <dd>{node.mode}</dd>
          </>
        )}
      </dl>
      <h3>Parameters</h3>
      {parameters.length === 0 ? (
        <p className="muted">No parameters of its own (its inputs come from other nodes).</p>
      ) : (
        <dl className="wf-parameters" aria-label="Parameters">
          {parameters.map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>{parameterText(value)}</dd>
            </div>
          ))}
        </dl>
      )}
      <h3>Media across runs</h3>
      {media.error && (
        <p className="error" role="alert">
          Could not read this node’s media: {media.error.message}
        </p>
      )}
      {media.data === null && !media.error && <p className="muted">Loading…</p>}
      {media.data && items.length === 0 && <p className="muted">Nothing in the library came from this node.</p>}
      {items.length > 0 && (
        <>
          <p className="muted" role="status">
            {items.length < media.data!.total
              ? `${items.length} of ${plural(media.data!.total, 'asset', 'assets')}`
              : plural(items.length, 'asset', 'assets')}
          </p>
          <MediaTiles items={items} label={`Media of node ${nodeId}`} />
          {items.length < media.data!.total && limit < 500 && (
            <button type="button" onClick={() => setLimit(limit + PAGE * 2)}>
              Show more
            </button>
          )}
        </>
      )}
    </aside>
  )
}
