import { useState, type FormEvent } from 'react'
import type { Person } from '../../../../shared/contract'
import { api } from '../../api/index'
import { answersTo } from '../../api/query-cache'
import { queryCache } from '../../api/queries'
import { ErrorLine } from '../../ui/ErrorLine'
import { useSaving } from '../../ui/use-saving'

/** A person's name, edited in place; a name someone else has is refused in the hub's words. */
export function RenamePersonForm({
  person,
  onDone,
}: {
  person: Person
  onDone(renamed: boolean): Promise<void> | void
}) {
  const [draft, setDraft] = useState(person.name)
  const { busy, error, setError, save } = useSaving()
  const inputId = `rename-person-${person.id}`
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void save(async () => {
      await api['people:rename']({ id: person.id, name: draft.trim() })
      // The title bar's name is people:me's, which no change event refreshes.
      await queryCache.invalidateQueries(answersTo('people:me', {}))
      await onDone(true)
    })
  }
  return (
    <form className="rename-person-form" aria-label={`Rename ${person.name}`} onSubmit={submit}>
      <label htmlFor={inputId}>New name</label>
      <input
        id={inputId}
        type="text"
        autoComplete="off"
        autoFocus
        value={draft}
        disabled={busy}
        onChange={(event) => {
          setDraft(event.target.value)
          setError(null)
        }}
      />
      <button type="submit" className="primary" disabled={busy || draft.trim() === ''}>
        {busy ? 'Saving…' : 'Save name'}
      </button>
      <button type="button" disabled={busy} onClick={() => void onDone(false)}>
        Cancel
      </button>
      {error && <ErrorLine>{error}</ErrorLine>}
    </form>
  )
}
