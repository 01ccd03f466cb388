import { useState } from 'react'
import type { ErrorShape } from '../../../../shared/errors'
import { ErrorLine } from '../../ui/ErrorLine'

/** A one-field form for a collection's name: Enter saves, Escape cancels, a refusal shows under it. */
export function CollectionNameForm({
  label,
  submitLabel,
  initial,
  onSubmit,
  onCancel,
  onDone,
}: {
  label: string
  submitLabel: string
  initial: string
  /** Resolves to the refusal (a taken name), if any. */
  onSubmit(name: string): Promise<ErrorShape | undefined>
  onCancel(): void
  onDone(): void
}) {
  const [text, setText] = useState(initial)
  const [error, setError] = useState<ErrorShape | undefined>(undefined)
  const [busy, setBusy] = useState(false)
  const name = text.trim()
  return (
    <form
      className="collection-name-form"
      onSubmit={(event) => {
        event.preventDefault()
        if (name === '' || busy) return
        setBusy(true)
        void onSubmit(name).then((failure) => {
          setBusy(false)
          if (failure) setError(failure)
          else onDone()
        })
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
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.stopPropagation()
            onCancel()
          }
        }}
      />
      <div className="collection-name-buttons">
        <button type="submit" className="primary" disabled={name === '' || busy}>
          {submitLabel}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {error && <ErrorLine>{error.message}</ErrorLine>}
    </form>
  )
}
