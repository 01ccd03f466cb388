import { useState, type FormEvent } from 'react'
import { settleRename } from '../../api/library-info'
import { useBackendMutation } from '../../api/queries'
import { ErrorLine } from '../../ui/ErrorLine'
import { useMayCall } from '../people/index'

/** The library's name, editable in place; the backend's validation message is shown as is. */
export function RenameLibraryForm({ currentName }: { currentName: string }) {
  const rename = useBackendMutation('library:rename', settleRename)
  const [draft, setDraft] = useState<string | undefined>(undefined)
  const [error, setError] = useState<string | undefined>(undefined)
  const [saving, setSaving] = useState(false)
  const mayRename = useMayCall('library:rename')

  async function save(event: FormEvent) {
    event.preventDefault()
    if (draft === undefined) return
    setSaving(true)
    const failure = await rename({ name: draft })
    setSaving(false)
    setError(failure?.message)
    if (!failure) setDraft(undefined)
  }

  if (draft === undefined) {
    return (
      <div className="library-title">
        <h2 data-testid="library-name">{currentName}</h2>
        {mayRename && (
          <button type="button" data-needs="library:rename" onClick={() => setDraft(currentName)}>
            Rename
          </button>
        )}
      </div>
    )
  }
  return (
    <form className="library-title" onSubmit={(event) => void save(event)}>
      <label>
        Library name
        <input value={draft} onChange={(event) => setDraft(event.target.value)} autoFocus disabled={saving} />
      </label>
      <button type="submit" className="primary" disabled={saving}>
        Save
      </button>
      <button type="button" onClick={() => (setDraft(undefined), setError(undefined))} disabled={saving}>
        Cancel
      </button>
      {error && <ErrorLine>{error}</ErrorLine>}
    </form>
  )
}
