import { useState } from 'react'
import { formatDateTime, plural } from '../../format'
import { RunAgainButton } from '../comfy-runs/index'
import { CompareRunsBar } from '../run-compare/index'
import { useWorkflowData } from './use-workflow-data'
import { durationText, EXECUTION_WORDS, shortId } from './workflow-view'

const PAGE = 100

/**
 * A workflow's runs, newest first: status, start, duration and outputs, each linking to its run page, each run
 * again on ComfyUI; 2 to 8 ticked are compared.
 */
export function ExecutionsTable({ workflowId }: { workflowId: string }) {
  const [limit, setLimit] = useState(PAGE)
  // The limit is a version, not part of the key: "Show more" keeps the rows shown while the longer page loads.
  const runs = useWorkflowData(workflowId, 'executions:list', { workflowId, limit, offset: 0 })
  const items = runs.data?.items ?? []
  // The runs ticked for "Compare", by id: they stay ticked while "Show more" loads more rows.
  const [picked, setPicked] = useState<string[]>([])
  const pick = (id: string, on: boolean) => setPicked((last) => (on ? [...last, id] : last.filter((one) => one !== id)))
  return (
    <section className="wf-executions" aria-labelledby="wf-executions-title">
      <h2 id="wf-executions-title">Executions{runs.data ? ` (${runs.data.total.toLocaleString()})` : ''}</h2>
      {runs.error && (
        <p className="error" role="alert">
          Could not read the executions: {runs.error.message}
        </p>
      )}
      {runs.data === null && !runs.error && <p className="muted">Loading…</p>}
      {runs.data && items.length === 0 && <p className="muted">No runs of this workflow are recorded.</p>}
      {items.length > 1 && (
        <CompareRunsBar picked={picked} order={items.map((run) => run.id)} onClear={() => setPicked([])} />
      )}
      {items.length > 0 && (
        <div className="wf-table-wrap">
          <table className="wf-table" aria-label="Executions">
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col">Duration</th>
                <th scope="col">Outputs</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((run) => (
                <tr key={run.id}>
                  <td data-label="Run">
                    {/* One child: on a phone the cell is a grid of label and value. */}
                    <span>
                      <label>
                        <input
                          type="checkbox"
                          checked={picked.includes(run.id)}
                          onChange={(event) => pick(run.id, event.currentTarget.checked)}
                        />
                        <span className="visually-hidden">Compare run {shortId(run.id)}</span>
                      </label>{' '}
                      <a href={`#/execution/${encodeURIComponent(run.id)}`} title={run.id}>
                        {shortId(run.id)}
                      </a>
                    </span>
                  </td>
                  <td data-label="Status">
                    <span className={`wf-run-status ${run.status}`}>{EXECUTION_WORDS[run.status]}</span>
                    {run.error && (
                      <span className="wf-run-error" title={run.error}>
                        {' '}
                        {run.error}
                      </span>
                    )}
                  </td>
                  <td data-label="Started">{run.startedAt ? formatDateTime(run.startedAt) : '—'}</td>
                  <td data-label="Duration">{durationText(run.startedAt, run.completedAt)}</td>
                  <td data-label="Outputs" className="number">
                    {run.outputs.toLocaleString()}
                  </td>
                  <td data-label="">
                    <RunAgainButton source={{ executionId: run.id }} name={`Run again from run ${shortId(run.id)}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {runs.data && items.length < runs.data.total && (
        <div className="wf-more-row">
          <span className="muted">
            {items.length.toLocaleString()} of {plural(runs.data.total, 'execution', 'executions')} shown
          </span>
          {limit < 500 && (
            <button type="button" disabled={runs.loading} onClick={() => setLimit(Math.min(500, limit + PAGE))}>
              Show more
            </button>
          )}
        </div>
      )}
    </section>
  )
}
