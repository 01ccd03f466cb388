import { useEffect } from 'react'
import { useAppStore } from '../../app/use-app-store'
import { useTrash } from './use-organise-data'
import { deletedText, undoneText } from './delete-text'

/** "Deleted 5 assets — Undo": the last delete, until the next one or a dismissal; then what the undo brought back. */
export function UndoBar() {
  const last = useAppStore((s) => s.lastDelete)
  const undo = useAppStore((s) => s.undoLastDelete)
  const dismiss = useAppStore((s) => s.dismissUndo)
  const trashRead = useAppStore((s) => s.trashRead)
  // Followed while the bar shows: undone or emptied from another window, the bar must not offer it.
  const trash = useTrash({ enabled: last !== undefined })
  const { data, dataUpdatedAt } = trash
  useEffect(() => {
    if (data)
      trashRead(
        data.batches.map((batch) => batch.id),
        dataUpdatedAt,
      )
  }, [data, dataUpdatedAt, trashRead])
  if (!last) return null
  return (
    <div className="undo-bar" role="status" data-testid="undo-bar">
      <span>{last.undone ? undoneText(last.undone) : deletedText(last.result)}</span>
      {last.undo !== 'done' && (
        <button type="button" className="primary" onClick={() => void undo()} disabled={last.undo === 'running'}>
          {last.undo === 'running' ? 'Undoing…' : 'Undo'}
        </button>
      )}
      {last.error && (
        <span className="error" role="alert">
          {last.error.message}
        </span>
      )}
      <button type="button" className="link" aria-label="Dismiss" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  )
}
