import { useState, type ReactNode } from 'react'
import type { ErrorShape } from '../../../../shared/errors'
import { ConflictNotice } from '../../ui/ConflictNotice'
import { ErrorLine } from '../../ui/ErrorLine'
import { shownValue, useBasedSave, type BasedOutcome, type BasedSave } from '../../ui/use-based-save'

/**
 * A one-field form for a collection's name: Enter saves, Escape cancels, a refusal shows under it. A rename made
 * while another person renamed it (from `version`) shows their name beside this one: keep mine or take theirs.
 */
export function CollectionNameForm({
  label,
  submitLabel,
  initial,
  version = 0,
  onSubmit,
  onCancel,
  onDone,
  children,
}: {
  label: string
  submitLabel: string
  initial: string
  /** The version of the name the form starts from (a rename's). */
  version?: number
  /** Resolves to the refusal (a taken name, a stale version), if any. */
  onSubmit(name: string, baseVersion: number): Promise<ErrorShape | undefined>
  onCancel(): void
  onDone(): void
  /** More fields, under the name (a new collection's "Only me"). */
  children?: ReactNode
}) {
  const [text, setText] = useState(initial)
  const [error, setError] = useState<ErrorShape | undefined>(undefined)
  const [busy, setBusy] = useState(false)
  const based = useBasedSave(version)
  const name = text.trim()
  const run = (how: (save: BasedSave) => Promise<BasedOutcome>) => {
    if (name === '' || busy) return
    setBusy(true)
    void how((base) => onSubmit(name, base)).then((failure) => {
      setBusy(false)
      if (failure === 'theirs') return
      if (failure) setError(failure)
      else onDone()
    })
  }
  return (
    <form
      className="collection-name-form"
      onSubmit={(event) => {
        event.preventDefault()
        run(based.submit)
      }}
    >
      <input
        autoFocus
        aria-label={label}
        placeholder="Collection name"
        value={text}
        maxLength={100}
        onChange={(event) => {
          setText(event.target.value)
          setError(undefined)
          based.dismiss()
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.stopPropagation()
            onCancel()
          }
        }}
      />
      {children}
      <div className="collection-name-buttons">
        <button type="submit" className="primary" disabled={name === '' || busy}>
          {submitLabel}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {error && <ErrorLine>{error.message}</ErrorLine>}
      {based.theirs && (
        <ConflictNotice
          noun="name"
          theirs={{ ...based.theirs, value: shownValue(based.theirs.value) }}
          mine={name}
          onKeepMine={() => run(based.keepMine)}
          onTakeTheirs={onCancel}
        />
      )}
    </form>
  )
}
