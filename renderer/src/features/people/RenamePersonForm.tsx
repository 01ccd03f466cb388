import { useState, type FormEvent } from 'react'
import type { Person } from '../../../../shared/contract'
import { answersTo } from '../../api/query-cache'
import { queryCache, write } from '../../api/queries'
import { attempt } from '../../ui/attempt'
import { ConflictNotice } from '../../ui/ConflictNotice'
import { ErrorLine } from '../../ui/ErrorLine'
import { shownValue, throwRefusal, useBasedSave, type BasedOutcome, type BasedSave } from '../../ui/use-based-save'
import { useSaving } from '../../ui/use-saving'

/**
 * A person's name, edited in place; a name someone else has is refused in the hub's words, and a rename made while
 * another admin renamed them (since the form opened) shows that name beside this one.
 */
export function RenamePersonForm({
  person,
  onDone,
}: {
  person: Person
  onDone(renamed: boolean): Promise<void> | void
}) {
  const [draft, setDraft] = useState(person.name)
  const { busy, error, setError, save } = useSaving()
  const based = useBasedSave(person.nameVersion)
  const inputId = `rename-person-${person.id}`
  const name = draft.trim()
  const run = (how: (save: BasedSave) => Promise<BasedOutcome>) =>
    save(async () => {
      const outcome = await how((baseVersion) =>
        attempt(async () => void (await write('people:rename', { id: person.id, name, baseVersion }))),
      )
      throwRefusal(outcome)
      if (outcome === 'theirs') return
      // The title bar's name is people:me's, which no change event refreshes.
      await queryCache.invalidateQueries(answersTo('people:me', {}))
      await onDone(true)
    })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void run(based.submit)
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
          based.dismiss()
        }}
      />
      <button type="submit" className="primary" disabled={busy || draft.trim() === ''}>
        {busy ? 'Saving…' : 'Save name'}
      </button>
      <button type="button" disabled={busy} onClick={() => void onDone(false)}>
        Cancel
      </button>
      {error && <ErrorLine>{error}</ErrorLine>}
      {based.theirs && (
        <ConflictNotice
          noun="name"
          theirs={{ ...based.theirs, value: shownValue(based.theirs.value) }}
          mine={name}
          onKeepMine={() => void run(based.keepMine)}
          onTakeTheirs={() => void onDone(true)}
        />
      )}
    </form>
  )
}
