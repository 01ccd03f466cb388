import { useMemo, useState } from 'react'
import type { Workflow, WorkflowFieldVersions, WorkflowVersionDiff } from '../../../../shared/contract'
import { toGraph, type GraphNode } from '../../../../shared/workflow-graph'
import { useAppStore } from '../../app/use-app-store'
import { ExecutionsTable } from './ExecutionsTable'
import { NodePanel } from './NodePanel'
import { SubgraphBreadcrumbs } from './SubgraphBreadcrumbs'
import { graphLevels } from './subgraph-path'
import { useVersionView, type DrawnDefinition } from './use-version-view'
import { useWorkflowData } from './use-workflow-data'
import { VersionBar } from './VersionBar'
import { levelMarks } from './version-diff'
import { VersionDiffList } from './VersionDiffList'
import { WorkflowGraph } from './WorkflowGraph'
import { WorkflowHeader } from './WorkflowHeader'
import { levelThumbnails } from './workflow-view'

/**
 * A workflow's page (`#/workflow/<id>?version=…&compare=…`): its head, its versions, the graph with each
 * node's posters (and a comparison's marks), a node's details, and its runs.
 */
export function WorkflowPage() {
  const id = useAppStore((s) => s.workflowId) ?? ''
  const [version, setVersion] = useState(0)
  const loaded = useWorkflowData(id, 'workflows:get', { id }, version)
  if (loaded.error?.code === 'not_found') {
    return (
      <section className="wf-workflow-page">
        <h1>Workflow not found</h1>
        <p className="empty">
          No workflow with id {id} is in this library; it may have been deleted. <a href="#/workflows">All workflows</a>
        </p>
      </section>
    )
  }
  if (!loaded.data) {
    return (
      <section className="wf-workflow-page" aria-busy={loaded.loading}>
        <h1>Workflow</h1>
        {loaded.error ? (
          <p className="error" role="alert">
            Could not read this workflow: {loaded.error.message}
          </p>
        ) : (
          <p className="muted">Loading…</p>
        )}
      </section>
    )
  }
  const { workflow, versions, media, mediaTotal } = loaded.data
  return (
    <section className="wf-workflow-page" aria-labelledby="workflow-title">
      <nav className="wf-back" aria-label="Breadcrumb">
        <a href="#/workflows">Workflows</a>
      </nav>
      <VersionedWorkflow
        key={workflow.id}
        workflow={workflow}
        versions={versions}
        media={media}
        mediaTotal={mediaTotal}
        onChanged={() => setVersion((v) => v + 1)}
      />
      <ExecutionsTable workflowId={workflow.id} />
    </section>
  )
}

/** The header (its Copy and Export give the shown version's exact text), the version pickers, the graph and the comparison. */
function VersionedWorkflow({
  workflow,
  versions,
  media,
  mediaTotal,
  onChanged,
}: {
  workflow: Workflow
  versions: WorkflowFieldVersions
  media: Parameters<typeof levelThumbnails>[0]
  mediaTotal: number
  onChanged(): void
}) {
  const view = useVersionView(workflow)
  return (
    <>
      <WorkflowHeader
        workflow={workflow}
        versions={versions}
        definitionText={view.drawn?.text ?? null}
        associations={mediaTotal}
        onChanged={onChanged}
      />
      <VersionBar view={view} />
      {view.missing !== null && (
        <p className="error" role="alert">
          This workflow has no version {view.missing}; its newest, version {view.shown}, is shown.
        </p>
      )}
      {view.error && (
        <p className="error" role="alert">
          Could not read this workflow’s versions: {view.error.message}
        </p>
      )}
      {view.drawn ? (
        // Another definition starts at its root with nothing selected.
        <GraphSection key={view.drawn.key} workflowId={workflow.id} drawn={view.drawn} media={media} diff={view.diff} />
      ) : (
        !view.error && <p className="muted wf-graph-loading">Loading version {view.shown}…</p>
      )}
    </>
  )
}

function GraphSection({
  workflowId,
  drawn,
  media,
  diff,
}: {
  workflowId: string
  drawn: DrawnDefinition
  media: Parameters<typeof levelThumbnails>[0]
  diff: WorkflowVersionDiff | null
}) {
  // Read again only when the definition changes: a rename reloads the row, and a new graph object
  // would lay the drawing out and fit it again.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const root = useMemo(() => toGraph(drawn.value, drawn.format), [drawn.key, drawn.format])
  const [path, setPath] = useState<string[]>([])
  const [selected, setSelected] = useState<string | null>(null)
  // A node named in the comparison's list: shown and zoomed to (the count makes a second pick of it zoom again).
  const [focus, setFocus] = useState<{ nodeId: string; count: number } | null>(null)
  const levels = useMemo(() => graphLevels(root, path), [root, path])
  const level = levels[levels.length - 1]
  const thumbnails = useMemo(() => levelThumbnails(media, level.path), [media, level.path])
  const marks = useMemo(() => (diff ? levelMarks(diff, level.graph, level.path) : undefined), [diff, level])
  const node: GraphNode | undefined = level.graph.nodes.find((candidate) => candidate.id === selected)
  const go = (next: string[]) => {
    setPath(next)
    setSelected(null)
  }
  const pick = (fullId: string) => {
    const parts = fullId.split(':')
    const nodeId = parts.pop()!
    setPath(parts)
    setSelected(nodeId)
    setFocus((last) => ({ nodeId, count: (last?.count ?? 0) + 1 }))
  }
  return (
    <section className="wf-graph-section" aria-label="Graph">
      <SubgraphBreadcrumbs levels={levels} onGo={go} />
      {root.nodes.length === 0 ? (
        <p className="error" role="alert">
          This workflow’s definition could not be drawn: {root.problems.join('; ') || 'it has no nodes'}.
        </p>
      ) : (
        // The panel's column stays while no node is chosen: the drawing keeps its width and its fit.
        <div className="wf-graph-layout">
          <div className="wf-graph-frame">
            <WorkflowGraph
              graph={level.graph}
              thumbnails={thumbnails}
              selectedNodeId={selected}
              onNodeClick={(nodeId) => setSelected(nodeId === selected ? null : nodeId)}
              onOpenSubgraph={(nodeId) => go([...level.path, nodeId])}
              minimap={level.graph.nodes.length > 12}
              marks={marks}
              focus={focus}
              label={`Graph of ${level.title}`}
            />
          </div>
          {node ? (
            <NodePanel
              workflowId={workflowId}
              node={node}
              nodeId={[...level.path, node.id].join(':')}
              onClose={() => setSelected(null)}
            />
          ) : (
            <p className="wf-node-hint muted">Click a node to see its parameters and what it produced across runs.</p>
          )}
        </div>
      )}
      {root.nodes.length > 0 && root.problems.length > 0 && (
        <details className="wf-problems">
          <summary>
            {root.problems.length === 1 ? '1 note' : `${root.problems.length} notes`} on reading this workflow
          </summary>
          <ul>
            {root.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </details>
      )}
      {diff && <VersionDiffList diff={diff} onPick={pick} />}
    </section>
  )
}
