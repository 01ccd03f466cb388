import { useState } from 'react'
import type { WatchFolder } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import { plural } from '../../format'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { toErrorShape } from '../../ui/error-shape'
import { ErrorLine } from '../../ui/ErrorLine'
import { write } from '../../api/queries'

/** The watched folders: each one's path, copy or link, files imported, a Pause/Resume switch and Remove (after a question). */
export function WatchFolderList({
  folders,
  mayManage,
  onChanged,
  onRemoved,
}: {
  folders: WatchFolder[]
  /** Whether this window's person may pause and remove folders (an admin): else the list is for reading. */
  mayManage: boolean
  onChanged(): Promise<void>
  /** After a folder is removed: its row (and the button that had the focus) is gone. */
  onRemoved(): void
}) {
  const [removing, setRemoving] = useState<WatchFolder | null>(null)
  const [switching, setSwitching] = useState<number | null>(null)
  const [error, setError] = useState<ErrorShape | null>(null)

  const setPaused = async (folder: WatchFolder, paused: boolean) => {
    setSwitching(folder.id)
    setError(null)
    try {
      await write('watch:pause', { id: folder.id, paused })
      await onChanged()
    } catch (failure) {
      setError(toErrorShape(failure))
    } finally {
      setSwitching(null)
    }
  }

  return (
    <>
      <ul className="watch-folders" aria-label="Watched folders">
        {folders.map((folder) => (
          <li key={folder.id} className="watch-folder" data-testid="watch-folder">
            <div className="watch-folder-facts">
              <code className="watch-folder-path" id={`watch-folder-${folder.id}`} title={folder.path}>
                {folder.path}
              </code>
              <span className="muted">
                {folder.mode === 'copy' ? 'Copy' : 'Link'} · {plural(folder.files, 'file', 'files')} imported ·{' '}
                <span
                  className={folder.paused || folder.problem !== null ? 'watch-state paused' : 'watch-state'}
                  data-testid="watch-state"
                >
                  {folder.paused ? 'Paused' : folder.problem !== null ? 'Not watched now' : 'Watching'}
                </span>
              </span>
              {folder.problem !== null && (
                <span className="watch-folder-problem" data-testid="watch-problem">
                  {folder.problem}
                </span>
              )}
            </div>
            {mayManage && (
              <div className="watch-folder-actions">
                <button
                  type="button"
                  data-needs="watch:pause"
                  aria-disabled={switching === folder.id}
                  aria-describedby={`watch-folder-${folder.id}`}
                  onClick={() => switching !== folder.id && void setPaused(folder, !folder.paused)}
                >
                  {folder.paused ? 'Resume' : 'Pause'}
                </button>
                <button
                  type="button"
                  data-needs="watch:remove"
                  onClick={() => setRemoving(folder)}
                  aria-describedby={`watch-folder-${folder.id}`}
                >
                  Remove…
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {error && <ErrorLine>{error.message}</ErrorLine>}
      {removing && (
        <ConfirmDialog
          title="Stop watching this folder?"
          confirmLabel="Stop watching"
          busyLabel="Removing…"
          testId="watch-remove-dialog"
          onClose={() => setRemoving(null)}
          onConfirmed={() => {
            setRemoving(null)
            onRemoved()
          }}
          onConfirm={async () => {
            try {
              await write('watch:remove', { id: removing.id })
              await onChanged()
              return undefined
            } catch (failure) {
              return toErrorShape(failure)
            }
          }}
        >
          <p>
            New files in <code>{removing.path}</code> will no longer be imported. The{' '}
            {plural(removing.files, 'file', 'files')} it imported stay in the library
            {removing.mode === 'link' ? ', linked where they are' : ''}.
          </p>
        </ConfirmDialog>
      )}
    </>
  )
}
