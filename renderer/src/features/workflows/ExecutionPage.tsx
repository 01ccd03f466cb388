import { indentJsonText } from '../../../../shared/json-indent'
import { useState } from 'react'
import { formatDateTime } from '../../format'
import { CopyButton } from '../../ui/CopyButton'
import { ScrollPre } from '../../ui/ScrollPre'
import { RunAgainButton } from '../comfy-runs/index'
import { useAppStore } from '../../app/use-app-store'
import { MediaTiles } from './MediaTiles'
import { useWorkflowData } from './use-workflow-data'
import { durationText, EXECUTION_WORDS, mediaByNode, shortId } from './workflow-view'

/** A run's page (`#/execution/<id>`): status, times, Run again, error, its data (the prompt) and its outputs per node. */
export function ExecutionPage() {
  const id = useAppStore((s) => s.executionId) ?? ''
  const loaded = useWorkflowData(id, 'executions:get', { id })
  const workflow = useWorkflowData(
    loaded.data?.execution.workflowId ?? '',
    'workflows:get',
    loaded.data ? { id: loaded.data.execution.workflowId } : null,
  )
  if (loaded.error?.code === 'not_found') {
    return (
      <section className="wf-execution-page">
        <h1>Execution not found</h1>
        <p className="empty">
          No run with id {id} is in this library (its workflow may have been deleted).{' '}
          <a href="#/workflows">All workflows</a>
        </p>
      </section>
    )
  }
  if (!loaded.data) {
    return (
      <section className="wf-execution-page" aria-busy={loaded.loading}>
        <h1>Execution</h1>
        {loaded.error ? (
          <p className="error" role="alert">
            Could not read this run: {loaded.error.message}
          </p>
        ) : (
          <p className="muted">Loading…</p>
        )}
      </section>
    )
  }
  const { execution, media, dataText } = loaded.data
  const groups = mediaByNode(media)
  // Laid out from the stored text, not the parsed value: a 20-digit seed keeps its digits.
  const data = dataText === null ? null : indentJsonText(dataText)
  const workflowName = workflow.data?.workflow.name ?? shortId(execution.workflowId)
  return (
    <section className="wf-execution-page" aria-labelledby="execution-title">
      <nav className="wf-back" aria-label="Breadcrumb">
        <a href="#/workflows">Workflows</a> ›{' '}
        <a href={`#/workflow/${encodeURIComponent(execution.workflowId)}`}>{workflowName}</a>
      </nav>
      <h1 id="execution-title" title={execution.id}>
        Run {shortId(execution.id)}
      </h1>
      <dl className="wf-run-facts">
        <dt>Status</dt>
        <dd>
          <span className={`wf-run-status ${execution.status}`}>{EXECUTION_WORDS[execution.status]}</span>
        </dd>
        <dt>Started</dt>
        <dd>{execution.startedAt ? formatDateTime(execution.startedAt) : '—'}</dd>
        <dt>Finished</dt>
        <dd>{execution.completedAt ? formatDateTime(execution.completedAt) : '—'}</dd>
        <dt>Duration</dt>
        <dd>{durationText(execution.startedAt, execution.completedAt)}</dd>
        <dt>Id</dt>
        <dd className="wf-id">{execution.id}</dd>
      </dl>
      <div className="wf-actions">
        <RunAgainButton source={{ executionId: execution.id }} />
      </div>
      {execution.error && (
        <div className="wf-run-error-box" role="note" aria-label="Error">
          <h2>Error</h2>
          <ScrollPre label="Error text">{execution.error}</ScrollPre>
        </div>
      )}
      <h2>Outputs by node</h2>
      {groups.length === 0 && <p className="muted">No asset in the library came from this run.</p>}
      {groups.map((group) => (
        <section
          key={group.nodeId ?? ''}
          className="wf-run-node"
          aria-label={group.nodeId === null ? 'No save node' : `Node ${group.nodeId}`}
        >
          <h3>
            {group.nodeId === null ? 'No save node (the file names none)' : `Node #${group.nodeId}`}
            {group.nodeType ? ` (${group.nodeType})` : ''}
          </h3>
          <MediaTiles
            items={group.items}
            label={group.nodeId === null ? 'Outputs on no save node' : `Outputs of node ${group.nodeId}`}
            showExecution={false}
          />
        </section>
      ))}
      {data !== null && <ExecutionData text={data} />}
    </section>
  )
}

/** The run's data, folded; drawn only once opened (a prompt may be megabytes of JSON). */
function ExecutionData({ text }: { text: string }) {
  const [open, setOpen] = useState(false)
  return (
    <details className="wf-run-data" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Execution data (the prompt it ran)</summary>
      {open && (
        <>
          <div className="wf-actions">
            <CopyButton text={text} label="execution data" />
          </div>
          <ScrollPre label="Execution data">{text}</ScrollPre>
        </>
      )}
    </details>
  )
}
