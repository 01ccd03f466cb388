import { useState, type FormEvent } from 'react'
import type { RestoreResult } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import { api } from '../../api/index'
import { toErrorShape } from '../../ui/error-shape'
import { BusyButton } from '../../ui/BusyButton'
import { ErrorLine } from '../../ui/ErrorLine'
import { useOpenLibrary } from './use-open-library'
import { write } from '../../api/queries'

/**
 * Restores one backup as a new library in a folder the user types (or, under Electron, picks
 * in the OS dialog, which also allows the host to write there); shows its name and where it went,
 * with "Open restored library".
 */
export function RestoreBackupForm({ backup, onClose }: { backup: string; onClose(): void }) {
  // The OS folder dialog, where the host has one (Electron only).
  const chooseFolder = api.chooseFolder
  const [target, setTarget] = useState('')
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<{ result: RestoreResult } | { error: ErrorShape } | undefined>(undefined)

  async function restore(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setOutcome(
      await write('library:restore', { backup, target: target.trim() }).then(
        (result) => ({ result }),
        (error: unknown) => ({ error: toErrorShape(error) }),
      ),
    )
    setBusy(false)
  }

  if (outcome && 'result' in outcome) return <RestoreDone result={outcome.result} onClose={onClose} />
  return (
    <form className="restore-form" onSubmit={(event) => void restore(event)}>
      <p>
        Restore <strong>{backup}</strong> as a new library. Only the database is restored; media files stay where they
        are.
      </p>
      <label>
        Into folder
        <input
          value={target}
          onChange={(event) => setTarget(event.target.value)}
          placeholder="/absolute/path/to/a/new/folder"
          autoFocus
          disabled={busy}
        />
      </label>
      {chooseFolder && (
        <button
          type="button"
          disabled={busy}
          onClick={() => void chooseFolder().then((folder) => folder && setTarget(folder))}
        >
          Choose folder…
        </button>
      )}
      <button type="submit" className="primary" disabled={busy || target.trim() === ''}>
        Restore
      </button>
      <button type="button" onClick={onClose} disabled={busy}>
        Cancel
      </button>
      {outcome && 'error' in outcome && <ErrorLine>{outcome.error.message}</ErrorLine>}
    </form>
  )
}

/** A finished restore: the new library's name, folder and assets, and the way to open it. */
function RestoreDone({ result, onClose }: { result: RestoreResult; onClose(): void }) {
  const { open, opening, error } = useOpenLibrary()
  const assets = result.tables.find((table) => table.name === 'videos')?.rows ?? 0
  return (
    <div className="restore-form restore-done" data-testid="restore-result">
      <p role="status">
        Restored as <strong>{result.name}</strong> in <code>{result.path}</code> ({assets.toLocaleString()} assets).
      </p>
      <p className="muted">
        It is a library of its own; this library stays as it was. Its assets still use this library&apos;s media files.
        {result.trashedAssets > 0 && ` ${trashWords(result.trashedAssets)}`}
      </p>
      {result.watchFolders.length > 0 && <p className="muted">{watchFoldersWords(result.watchFolders)}</p>}
      <div className="restore-actions">
        <BusyButton busy={opening !== null} className="primary" onClick={() => void open(result.path)}>
          {opening ? 'Opening…' : 'Open restored library'}
        </BusyButton>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {error && <ErrorLine>{error.message}</ErrorLine>}
    </div>
  )
}

/** What the restore left unwatched, and how to watch it there too. */
function watchFoldersWords(folders: readonly string[]): string {
  const named = folders.map((folder) => `“${folder}”`).join(', ')
  const them = folders.length === 1 ? 'it' : 'them'
  return `It watches no folder yet. This library watches ${named}: add ${them} in the restored library's Settings to import from there too.`
}

/** Why the restored library's trash is empty. */
function trashWords(assets: number): string {
  const held =
    assets === 1
      ? 'the asset in this library’s trash stays'
      : `the ${assets.toLocaleString()} assets in this library’s trash stay`
  return `Its trash starts empty: ${held} here.`
}
