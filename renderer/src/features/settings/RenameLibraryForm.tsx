import { useState, type FormEvent } from 'react'
import { settleRename } from '../../api/library-info'
import { useBackendMutation } from '../../api/queries'
import { ConflictNotice } from '../../ui/ConflictNotice'
import { ErrorLine } from '../../ui/ErrorLine'
import { shownValue, useBasedSave } from '../../ui/use-based-save'
import { useMayCall } from '../people/index'

/**
 * The library's name, editable in place; the backend's validation message is shown as is. A rename made while
 * another admin renamed it (since the name's `version` when Rename was pressed) shows their name beside this one.
 */
export function RenameLibraryForm({ currentName, version }: { currentName: string; version: number }) {
  const rename = useBackendMutation('library:rename', settleRename)
  const [draft, setDraft] = useState<string | undefined>(undefined)
  const [error, setError] = useState<string | undefined>(undefined)
  const [saving, setSaving] = useState(false)
  const based = useBasedSave(version)
  const mayRename = useMayCall('library:rename')

  const run = async (how: typeof based.submit) => {
    if (draft === undefined) return
    setSaving(true)
    const failure = await how((baseVersion) => rename({ name: draft, baseVersion }))
    setSaving(false)
    if (failure === 'theirs') return
    setError(failure?.message)
    if (!failure) setDraft(undefined)
  }
  const save = (event: FormEvent) => {
    event.preventDefault()
    void run(based.submit)
  }
  const close = () => {
    setDraft(undefined)
    setError(undefined)
    based.dismiss()
  }

  if (draft === undefined) {
    return (
      <div className="library-title">
        <h2 data-testid="library-name">{currentName}</h2>
        {mayRename && (
          <button
            type="button"
            data-needs="library:rename"
            onClick={() => {
              based.begin(version)
              setDraft(currentName)
            }}
          >
            Rename
          </button>
        )}
      </div>
    )
  }
  return (
    <form className="library-title" onSubmit={save}>
      <label>
        Library name
        <input
          value={draft}
          onChange={(event) => {
            setDraft(event.target.value)
            based.dismiss()
          }}
          autoFocus
          disabled={saving}
        />
      </label>
      <button type="submit" className="primary" disabled={saving}>
        Save
      </button>
      <button type="button" onClick={close} disabled={saving}>
        Cancel
      </button>
      {error && <ErrorLine>{error}</ErrorLine>}
      {based.theirs && (
        <ConflictNotice
          noun="name"
          theirs={{ ...based.theirs, value: shownValue(based.theirs.value) }}
          mine={draft.trim()}
          onKeepMine={() => void run(based.keepMine)}
          onTakeTheirs={close}
        />
      )}
    </form>
  )
}
