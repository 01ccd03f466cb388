import { useId, useRef, useState } from 'react'
import type { WorkflowSummary } from '../../../../shared/contract'
import { api } from '../../api/index'
import { plural } from '../../format'
import { toErrorShape } from '../../store/error-shape'
import { Overlay } from '../../ui/Overlay'

/** "Delete this workflow?" with what goes (its runs and asset links) and what stays (the assets); focus starts on Cancel. */
export function DeleteWorkflowDialog({
  workflow,
  associations,
  onClose,
  onDeleted,
}: {
  workflow: WorkflowSummary
  associations: number
  onClose(): void
  onDeleted(): void
}) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const cancel = useRef<HTMLButtonElement>(null)
  const titleId = useId()
  const confirm = async () => {
    setBusy(true)
    setError(null)
    try {
      await api['workflows:delete']({ id: workflow.id })
      onDeleted()
    } catch (failure) {
      setError(toErrorShape(failure).message)
      setBusy(false)
    }
  }
  return (
    <Overlay
      labelledBy={titleId}
      onClose={() => !busy && onClose()}
      initialFocus={cancel}
      spaceCloses={false}
      className="dialog"
    >
      <h2 id={titleId}>Delete “{workflow.name}”?</h2>
      <p>
        This deletes the workflow with its {plural(workflow.executions, 'execution', 'executions')} and{' '}
        {plural(associations, 'link to an asset', 'links to assets')}. The assets themselves stay in the library.
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-buttons">
        <button ref={cancel} type="button" onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={() => void confirm()} disabled={busy}>
          {busy ? 'Deleting…' : 'Delete workflow'}
        </button>
      </div>
    </Overlay>
  )
}
