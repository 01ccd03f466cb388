import { useEffect, useState } from 'react'
import type { DeletePreview } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import { api } from '../../api/index'
import { toErrorShape } from '../../ui/error-shape'
import { useAppStore } from '../../app/use-app-store'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { deletePreviewLines, deleteTitle } from './delete-text'
import { ErrorLine } from '../../ui/ErrorLine'

const NAMED = 5

/**
 * The delete confirmation for the assets `askDelete` named: what will happen, from
 * media:delete-preview. `onDeleted` gets the ids that are gone (a delete may refuse some).
 */
export function DeleteDialog({ onDeleted }: { onDeleted?(ids: string[]): void }) {
  const ids = useAppStore((s) => s.deleteAsk)
  if (ids === null) return null
  // A new request is a new dialog: its preview starts over.
  return <DeleteConfirmation key={ids.join(',')} ids={ids} onDeleted={onDeleted} />
}

function DeleteConfirmation({ ids, onDeleted }: { ids: string[]; onDeleted?(ids: string[]): void }) {
  const cancel = useAppStore((s) => s.cancelDelete)
  const deleteAssets = useAppStore((s) => s.deleteAssets)
  const [preview, setPreview] = useState<DeletePreview | undefined>(undefined)
  const [error, setError] = useState<ErrorShape | undefined>(undefined)

  useEffect(() => {
    let current = true
    api['media:delete-preview']({ ids })
      .then((answer) => current && setPreview(answer))
      .catch((failure: unknown) => current && setError(toErrorShape(failure)))
    return () => {
      current = false
    }
  }, [ids])

  const names = preview?.items.slice(0, NAMED).map((item) => item.name) ?? []
  const unnamed = (preview?.assets ?? 0) - names.length
  return (
    <ConfirmDialog
      title={deleteTitle(preview ? preview.assets : ids.length)}
      confirmLabel="Delete"
      busyLabel="Deleting…"
      onConfirm={async () => {
        const refused = await deleteAssets(ids)
        const failed = useAppStore.getState().lastDelete?.result.failed ?? []
        if (!refused) onDeleted?.(ids.filter((id) => !failed.some((failure) => failure.id === id)))
        return refused
      }}
      onClose={cancel}
      ready={preview !== undefined && preview.assets > 0}
      testId="delete-dialog"
    >
      {!preview && !error && <p aria-live="polite">Checking what this would do…</p>}
      {error && <ErrorLine>{error.message}</ErrorLine>}
      {preview && (
        <>
          <ul className="dialog-facts" data-testid="delete-summary">
            {deletePreviewLines(preview).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          {names.length > 0 && (
            <p className="dialog-names">
              {names.join(', ')}
              {unnamed > 0 && ` and ${unnamed.toLocaleString()} more`}
            </p>
          )}
          <p className="dialog-note">Undo brings them back until the trash is emptied (Settings → Trash).</p>
        </>
      )}
    </ConfirmDialog>
  )
}
