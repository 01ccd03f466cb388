import { useState } from 'react'
import type { ErrorShape } from '../../../../shared/errors'
import { formatBytes, formatDateTime, plural } from '../../format'
import { useAppStore } from '../../app/use-app-store'
import { useTrash } from './use-organise-data'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { undoneText } from './delete-text'
import { ErrorLine } from '../../ui/ErrorLine'
import { useMayCall } from '../people/index'

/** Settings → Trash: the deletes the trash holds (undo each), and emptying it for good after a question. */
export function TrashSection() {
  const { data: trash, error: trashError } = useTrash()
  const undoTrashBatch = useAppStore((s) => s.undoTrashBatch)
  const emptyTrash = useAppStore((s) => s.emptyTrash)
  const [asking, setAsking] = useState(false)
  const [outcome, setOutcome] = useState<{ text: string; error?: ErrorShape } | undefined>(undefined)
  const [undoing, setUndoing] = useState<string | null>(null)
  const mayUndo = useMayCall('trash:undo')
  const mayEmpty = useMayCall('trash:empty')

  const batches = trash?.batches ?? []
  const assets = batches.reduce((sum, batch) => sum + batch.assets, 0)
  return (
    <section className="trash-section" aria-labelledby="trash-title" data-testid="trash-section">
      <h2 id="trash-title">Trash</h2>
      {trashError && <ErrorLine>{trashError.message}</ErrorLine>}
      {trash && batches.length === 0 && <p className="muted">The trash is empty.</p>}
      {batches.length > 0 && (
        <>
          <p data-testid="trash-summary">
            {plural(batches.length, 'delete', 'deletes')} with {plural(assets, 'asset', 'assets')};{' '}
            {formatBytes(trash?.bytes ?? 0)} of copied files and thumbnails. Linked originals were never moved.
          </p>
          <ul className="trash-batches">
            {batches.map((batch) => (
              <li key={batch.id} data-testid="trash-batch">
                <div>
                  <strong>{plural(batch.assets, 'asset', 'assets')}</strong> · {formatBytes(batch.bytes)} ·{' '}
                  {formatDateTime(batch.createdAt)}
                  <div className="muted trash-names">
                    {batch.names.join(', ')}
                    {batch.assets > batch.names.length && ` and ${batch.assets - batch.names.length} more`}
                  </div>
                </div>
                {mayUndo && (
                  <button
                    type="button"
                    data-needs="trash:undo"
                    disabled={undoing !== null || batch.state !== 'trashed'}
                    onClick={() => {
                      setUndoing(batch.id)
                      void undoTrashBatch(batch.id).then((undone) => {
                        setUndoing(null)
                        setOutcome(
                          'code' in undone ? { text: undone.message, error: undone } : { text: undoneText(undone) },
                        )
                      })
                    }}
                  >
                    {undoing === batch.id ? 'Undoing…' : 'Undo'}
                  </button>
                )}
              </li>
            ))}
          </ul>
          {mayEmpty && (
            <button type="button" className="danger" data-needs="trash:empty" onClick={() => setAsking(true)}>
              Empty trash…
            </button>
          )}
        </>
      )}
      {outcome && (
        <p className={outcome.error ? 'error' : 'muted'} role={outcome.error ? 'alert' : 'status'}>
          {outcome.text}
        </p>
      )}
      {asking && (
        <ConfirmDialog
          title="Empty the trash?"
          confirmLabel="Empty trash"
          busyLabel="Emptying…"
          onConfirm={async () => {
            const failure = await emptyTrash()
            if (!failure) setOutcome({ text: 'The trash is empty.' })
            return failure
          }}
          onClose={() => setAsking(false)}
          testId="empty-trash-dialog"
        >
          <p>
            What the trash holds ({plural(assets, 'asset', 'assets')}, {formatBytes(trash?.bytes ?? 0)}) is deleted for
            good: copied files and thumbnails cannot be brought back. Linked originals stay where they are.
          </p>
        </ConfirmDialog>
      )}
    </section>
  )
}
