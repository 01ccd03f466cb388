import { useState } from 'react'
import type { Workflow, WorkflowFieldVersions } from '../../../../shared/contract'
import { useAppStore } from '../../app/use-app-store'
import { formatDateTime } from '../../format'
import { CopyButton } from '../../ui/CopyButton'
import { RunAgainButton } from '../comfy-runs/index'
import { toErrorShape } from '../../ui/error-shape'
import { useMayCall } from '../people/index'
import { DeleteWorkflowDialog } from './DeleteWorkflowDialog'
import { WorkflowFieldForm } from './WorkflowFieldForm'
import { exportFileName, FORMAT_NAMES } from './workflow-view'
import { ErrorLine } from '../../ui/ErrorLine'
import { write } from '../../api/queries'

type Changes = { status: 'draft' | 'saved' }

/** A workflow page's head: name (rename in place), description, draft/saved, export, copy, run again and delete. */
export function WorkflowHeader({
  workflow,
  versions,
  definitionText,
  associations,
  onChanged,
}: {
  workflow: Workflow
  /** The versions of the name and description, as the page read them: an edit is made from them. */
  versions: WorkflowFieldVersions
  /** The exact text of the definition the page shows (null while it loads). */
  definitionText: string | null
  associations: number
  onChanged(): void
}) {
  const [editing, setEditing] = useState<'name' | 'description' | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [deleting, setDeleting] = useState(false)
  const mayEdit = useMayCall('workflows:update')
  const mayDelete = useMayCall('workflows:delete')
  // Run again from the newest run of the version the page draws (any version's when it names none).
  const shownVersion = useAppStore((s) => s.workflowPage.version)
  // The shown version's exact text; the row's (the newest, exact too) while another version's loads.
  const json = definitionText ?? workflow.definitionText

  const save = async (changes: Changes) => {
    setBusy(true)
    setError(null)
    try {
      await write('workflows:update', { id: workflow.id, ...changes })
      setEditing(null)
      onChanged()
    } catch (failure) {
      setError(toErrorShape(failure).message)
    } finally {
      setBusy(false)
    }
  }
  const start = (what: 'name' | 'description') => {
    setError(null)
    setEditing(what)
  }
  const fieldForm = (field: 'name' | 'description') => (
    <WorkflowFieldForm
      workflow={workflow}
      field={field}
      version={versions[field].version}
      onSaved={() => {
        setEditing(null)
        onChanged()
      }}
      onCancel={() => setEditing(null)}
    />
  )

  return (
    <header className="wf-header">
      {editing === 'name' ? (
        fieldForm('name')
      ) : (
        <div className="wf-title-row">
          <h1 id="workflow-title">{workflow.name}</h1>
          {mayEdit && (
            <button type="button" className="wf-link" data-needs="workflows:update" onClick={() => start('name')}>
              Rename
            </button>
          )}
        </div>
      )}
      <p className="wf-facts muted">
        {FORMAT_NAMES[workflow.format]} ·{' '}
        <span className={`wf-status ${workflow.status}`}>{workflow.status === 'draft' ? 'Draft' : 'Saved'}</span> ·
        updated {formatDateTime(workflow.updatedAt)}
        {workflow.source ? ` · from ${workflow.source}` : ''}
      </p>
      {editing === 'description' ? (
        fieldForm('description')
      ) : (
        <p className="wf-description" data-testid="workflow-description">
          {workflow.description ?? <span className="muted">No description.</span>}{' '}
          {mayEdit && (
            <button
              type="button"
              className="wf-link"
              data-needs="workflows:update"
              onClick={() => start('description')}
            >
              {workflow.description ? 'Edit description' : 'Describe'}
            </button>
          )}
        </p>
      )}
      {error && <ErrorLine>{error}</ErrorLine>}
      <div className="wf-actions">
        {mayEdit && (
          // A draft is marked saved (the page's main action then), a saved one taken back to draft.
          <button
            type="button"
            className={workflow.status === 'draft' ? 'primary' : undefined}
            data-needs="workflows:update"
            disabled={busy}
            onClick={() => void save({ status: workflow.status === 'draft' ? 'saved' : 'draft' })}
          >
            {workflow.status === 'draft' ? 'Mark as saved' : 'Back to draft'}
          </button>
        )}
        <button type="button" onClick={() => download(json, exportFileName(workflow.name, workflow.format))}>
          Export JSON
        </button>
        <CopyButton text={json} label="workflow JSON" />
        <RunAgainButton
          source={
            shownVersion === null ? { workflowId: workflow.id } : { workflowId: workflow.id, version: shownVersion }
          }
        />
        {mayDelete && (
          <button type="button" className="danger" data-needs="workflows:delete" onClick={() => setDeleting(true)}>
            Delete…
          </button>
        )}
      </div>
      {deleting && (
        <DeleteWorkflowDialog
          workflow={workflow}
          associations={associations}
          onClose={() => setDeleting(false)}
          onDeleted={() => {
            window.location.assign('#/workflows')
          }}
        />
      )}
    </header>
  )
}

// A download made in the page: the definition as stored, under the workflow's name.
function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
