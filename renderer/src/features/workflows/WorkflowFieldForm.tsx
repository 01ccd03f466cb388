import { useState, type FormEvent } from 'react'
import type { Workflow } from '../../../../shared/contract'
import { attempt } from '../../ui/attempt'
import { ConflictNotice } from '../../ui/ConflictNotice'
import { ErrorLine } from '../../ui/ErrorLine'
import { shownValue, useBasedSave, type BasedOutcome, type BasedSave } from '../../ui/use-based-save'
import { write } from '../../api/queries'

type Field = 'name' | 'description'

const WORDS = {
  name: { form: 'Rename workflow', input: 'Workflow name', save: 'Save', className: 'wf-rename', noun: 'name' },
  description: {
    form: 'Describe workflow',
    input: 'Description',
    save: 'Save description',
    className: 'wf-describe',
    noun: 'description',
  },
} as const

/**
 * A workflow's name or description edited in place: Enter (the name) or Save stores it, Escape cancels. The save
 * names the version the form opened on (issue 64): when another person changed it since, their text shows beside
 * this one, to keep mine or take theirs.
 */
export function WorkflowFieldForm({
  workflow,
  field,
  version,
  onSaved,
  onCancel,
}: {
  workflow: Workflow
  field: Field
  /** The version of the field as the page read it. */
  version: number
  onSaved(): void
  onCancel(): void
}) {
  const [draft, setDraft] = useState((field === 'name' ? workflow.name : workflow.description) ?? '')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const based = useBasedSave(version)
  const words = WORDS[field]
  const text = draft.trim()
  const value = field === 'description' && text === '' ? null : text
  const store: BasedSave = (base) =>
    attempt(async () => {
      await write('workflows:update', { id: workflow.id, [field]: value, baseVersions: { [field]: base } })
    })
  const run = async (how: (save: BasedSave) => Promise<BasedOutcome>) => {
    setBusy(true)
    setError(null)
    const failure = await how(store)
    setBusy(false)
    if (failure === 'theirs') return
    if (failure) setError(failure.message)
    else onSaved()
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void run(based.submit)
  }
  const input = {
    'aria-label': words.input,
    value: draft,
    autoFocus: true,
    onChange: (event: { target: { value: string } }) => {
      setDraft(event.target.value)
      based.dismiss()
    },
    onKeyDown: (event: { key: string }) => event.key === 'Escape' && onCancel(),
  }
  const buttons = (
    <>
      <button type="submit" className="primary" disabled={busy || (field === 'name' && text === '')}>
        {words.save}
      </button>
      <button type="button" onClick={onCancel} disabled={busy}>
        Cancel
      </button>
    </>
  )
  return (
    <form className={words.className} onSubmit={submit} aria-label={words.form}>
      {field === 'name' ? (
        <>
          <input {...input} maxLength={200} />
          {buttons}
        </>
      ) : (
        <>
          <textarea {...input} rows={3} maxLength={10_000} />
          <div className="wf-actions">{buttons}</div>
        </>
      )}
      {error && <ErrorLine>{error}</ErrorLine>}
      {based.theirs && (
        <ConflictNotice
          noun={words.noun}
          theirs={{ ...based.theirs, value: shownValue(based.theirs.value) }}
          mine={text}
          onKeepMine={() => void run(based.keepMine)}
          onTakeTheirs={onSaved}
        />
      )}
    </form>
  )
}
