import { useState, type FormEvent } from 'react'
import type { RestoreResult } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import { useAppStore } from '../../app/use-app-store'
import { ErrorLine } from '../../ui/ErrorLine'

/**
 * Restores one backup as a new library in a folder the user types (or, under Electron, picks
 * in the OS dialog, which also allows the host to write there); shows where it went and how to open it.
 */
export function RestoreBackupForm({ backup, onClose }: { backup: string; onClose(): void }) {
  const restoreBackup = useAppStore((s) => s.restoreBackup)
  const chooseFolder = useAppStore((s) => s.chooseFolder)
  const [target, setTarget] = useState('')
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<{ result: RestoreResult } | { error: ErrorShape } | undefined>(undefined)

  async function restore(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setOutcome(await restoreBackup(backup, target.trim()))
    setBusy(false)
  }

  if (outcome && 'result' in outcome) {
    const { result } = outcome
    const assets = result.tables.find((table) => table.name === 'videos')?.rows ?? 0
    return (
      <div className="restore-form restore-done" role="status" data-testid="restore-result">
        <p>
          Restored {backup} into <code>{result.path}</code> ({assets.toLocaleString()} assets, schema version{' '}
          {result.schemaVersion}).
        </p>
        <p>
          Open it with <code>npm run web -- --library {result.path}</code>. Its assets still point at this
          library&apos;s media files.
        </p>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    )
  }
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
