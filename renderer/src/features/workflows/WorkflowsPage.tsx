import { useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { WorkflowFormat, WorkflowStatus, type WorkflowListItem } from '../../../../shared/contract'
import { formatDateTime, plural } from '../../format'
import { useAppStore } from '../../app/use-app-store'
import { useDebouncedValue } from '../../ui/use-debounced-value'
import { HistoryImportForm } from './HistoryImportForm'
import { TileImage } from './MediaTiles'
import { NewWorkflowForm } from './NewWorkflowForm'
import { useWorkflowList } from './use-workflow-list'
import { FORMAT_NAMES, lastRunText } from './workflow-view'
import { isFiltered } from './workflows-url'

/** The Workflows list (`#/workflows?q=…&status=…&format=…`): search by name and prompt, filter by status and format, create from JSON. */
export function WorkflowsPage() {
  const { query, setQuery } = useAppStore(
    useShallow((s) => ({ query: s.workflowsQuery, setQuery: s.setWorkflowsQuery })),
  )
  // The text as typed; the query (and the URL) follows once typing pauses, and a link or Back that
  // brings other words replaces what was typed (derived state, as on the Analyses page).
  const [typed, setTyped] = useState({ text: query.text, from: query.text })
  const text = typed.from === query.text || typed.text.trim() === query.text ? typed.text : query.text
  if (typed.from !== query.text) setTyped({ text, from: query.text })
  const settled = useDebouncedValue(text, 300)
  useEffect(() => {
    const current = useAppStore.getState().workflowsQuery
    if (settled.trim() !== current.text.trim()) setQuery({ ...current, text: settled.trim() })
  }, [settled, setQuery])
  const [opened, setOpened] = useState<'new' | 'history' | null>(null)
  const toggle = (form: 'new' | 'history') => setOpened(opened === form ? null : form)
  const list = useWorkflowList(query)
  const { items } = list

  return (
    <section className="workflows-page" aria-labelledby="workflows-title" aria-busy={list.loading}>
      <div className="wf-page-head">
        <h1 id="workflows-title">Workflows</h1>
        <div className="wf-actions">
          <button type="button" aria-expanded={opened === 'history'} onClick={() => toggle('history')}>
            Import ComfyUI history…
          </button>
          <button type="button" className="primary" aria-expanded={opened === 'new'} onClick={() => toggle('new')}>
            New workflow
          </button>
        </div>
      </div>
      {opened === 'new' && <NewWorkflowForm onClose={() => setOpened(null)} />}
      {opened === 'history' && <HistoryImportForm onClose={() => setOpened(null)} />}
      <form className="wf-filters" aria-label="Filter workflows" onSubmit={(event) => event.preventDefault()}>
        <label className="wf-filter-field wf-search">
          Search
          <input
            type="search"
            value={text}
            maxLength={200}
            placeholder="name or prompt words"
            onChange={(event) => setTyped({ text: event.target.value, from: query.text })}
          />
        </label>
        <label className="wf-filter-field">
          Status
          <select
            value={query.status ?? ''}
            onChange={(event) => setQuery({ ...query, status: (event.target.value || null) as WorkflowStatus | null })}
          >
            <option value="">Any</option>
            {WorkflowStatus.options.map((status) => (
              <option key={status} value={status}>
                {status === 'draft' ? 'Draft' : 'Saved'}
              </option>
            ))}
          </select>
        </label>
        <label className="wf-filter-field">
          Format
          <select
            value={query.format ?? ''}
            onChange={(event) => setQuery({ ...query, format: (event.target.value || null) as WorkflowFormat | null })}
          >
            <option value="">Any</option>
            {WorkflowFormat.options.map((format) => (
              <option key={format} value={format}>
                {FORMAT_NAMES[format]}
              </option>
            ))}
          </select>
        </label>
      </form>
      {list.error && (
        <p className="error" role="alert">
          Could not read the workflows: {list.error}
        </p>
      )}
      {items === null && !list.error && <p className="muted">Loading…</p>}
      {items?.length === 0 &&
        (isFiltered(query) ? (
          <p className="empty">No workflow matches this search and these filters.</p>
        ) : (
          <EmptyWorkflows onOpen={setOpened} />
        ))}
      {items && items.length > 0 && <WorkflowTable items={items} />}
      {items && items.length > 0 && (
        <div className="wf-more-row">
          <span className="muted" role="status" data-testid="workflow-count">
            {items.length < list.total
              ? `${items.length.toLocaleString()} of ${plural(list.total, 'workflow', 'workflows')} shown`
              : plural(list.total, 'workflow', 'workflows')}
          </span>
          {list.hasMore && (
            <button type="button" onClick={list.loadMore} disabled={list.loading}>
              {list.loading ? 'Loading…' : 'Load more'}
            </button>
          )}
        </div>
      )}
    </section>
  )
}

/** What an empty library's list says: where workflows come from. */
function EmptyWorkflows({ onOpen }: { onOpen(form: 'new' | 'history'): void }) {
  return (
    <div className="empty wf-empty">
      <p>No workflows in this library yet. They arrive three ways:</p>
      <ul>
        <li>
          <a href="#/library">Import generated media</a>: ComfyUI, VideoHelperSuite, InvokeAI and Automatic1111 files
          carry their workflow, which is kept with the file.
        </li>
        <li>
          <button type="button" className="wf-link" onClick={() => onOpen('new')}>
            Paste or drop a workflow’s JSON
          </button>{' '}
          (ComfyUI, InvokeAI or nodes with connections).
        </li>
        <li>
          <button type="button" className="wf-link" onClick={() => onOpen('history')}>
            Import a ComfyUI run history
          </button>{' '}
          (its history.json and output folder): every run with its outputs.
        </li>
      </ul>
    </div>
  )
}

function WorkflowTable({ items }: { items: WorkflowListItem[] }) {
  return (
    <div className="wf-table-wrap">
      <table className="wf-table" aria-label="Workflows">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Poster</span>
            </th>
            <th scope="col">Name</th>
            <th scope="col">Format</th>
            <th scope="col">Status</th>
            <th scope="col">Executions</th>
            <th scope="col">Outputs</th>
            <th scope="col">Last run</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id}>
              <td className="wf-poster-cell">
                {item.posterAsset && <TileImage assetId={item.posterAsset} kind="image" />}
              </td>
              <td data-label="Name" className="wf-name-cell">
                <a href={`#/workflow/${encodeURIComponent(item.id)}`}>{item.name}</a>
                {item.description && <span className="muted wf-description-line">{item.description}</span>}
                {item.latest && <LatestLine latest={item.latest} />}
              </td>
              <td data-label="Format">{FORMAT_NAMES[item.format]}</td>
              <td data-label="Status">
                <span className={`wf-status ${item.status}`}>{item.status === 'draft' ? 'Draft' : 'Saved'}</span>
              </td>
              <td data-label="Executions" className="number">
                {item.executions.toLocaleString()}
              </td>
              <td data-label="Outputs" className="number">
                {item.outputs.toLocaleString()}
              </td>
              <td data-label="Last run">{lastRunText(item.lastExecutedAt, item.executions, formatDateTime)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** The latest seed and prompt under a workflow's name: what tells apart workflows of one name. */
function LatestLine({ latest }: { latest: NonNullable<WorkflowListItem['latest']> }) {
  return (
    <span className="muted wf-latest-line" data-testid="wf-latest">
      {latest.seed !== null && <span>Seed {latest.seed}</span>}
      {latest.seed !== null && latest.prompt !== null && ' · '}
      {latest.prompt !== null && <span title={latest.prompt}>{latest.prompt}</span>}
    </span>
  )
}
