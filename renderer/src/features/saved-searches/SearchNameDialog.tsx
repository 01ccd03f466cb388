import { useId, useRef, useState, type ReactNode } from 'react'
import type { ErrorShape } from '../../../../shared/errors'
import { ConflictNotice } from '../../ui/ConflictNotice'
import { ErrorLine } from '../../ui/ErrorLine'
import { Overlay } from '../../ui/Overlay'
import { shownValue, useBasedSave, type BasedOutcome, type BasedSave } from '../../ui/use-based-save'

/**
 * A small dialog asking a saved search's name: Enter saves, Escape cancels. A taken name shows the
 * refusal and, where `onReplace` is given, offers to replace the search of that name. A rename made while another
 * person renamed it (since `version`) shows their name beside this one: keep mine or take theirs.
 */
export function SearchNameDialog({
  title,
  submitLabel,
  note,
  initial,
  version = 0,
  onSubmit,
  onReplace,
  onClose,
  children,
}: {
  title: string
  submitLabel: string
  /** What the name is given to, under the title. */
  note?: string
  initial: string
  /** The version of the name the dialog starts from (a rename's). */
  version?: number
  /** Resolves to the refusal, if any; success closes the dialog. */
  onSubmit(name: string, baseVersion: number): Promise<ErrorShape | undefined>
  onReplace?(name: string): Promise<ErrorShape | undefined>
  onClose(): void
  /** More fields, under the name (a new search's "Only me"). */
  children?: ReactNode
}) {
  const [text, setText] = useState(initial)
  const [error, setError] = useState<ErrorShape | undefined>(undefined)
  const [busy, setBusy] = useState(false)
  const input = useRef<HTMLInputElement>(null)
  const titleId = useId()
  const name = text.trim()
  const conflict = error?.code === 'conflict' && onReplace !== undefined
  const based = useBasedSave(version)
  const run = async (action: (name: string) => Promise<BasedOutcome>) => {
    if (name === '' || busy) return
    setBusy(true)
    const failure = await action(name)
    setBusy(false)
    if (failure === 'theirs') return
    if (failure) setError(failure)
    else onClose()
  }
  const save = (how: (save: BasedSave) => Promise<BasedOutcome>) => run((name) => how((base) => onSubmit(name, base)))
  return (
    <Overlay
      labelledBy={titleId}
      onClose={() => !busy && onClose()}
      initialFocus={input}
      spaceCloses={false}
      className="dialog"
    >
      <form
        data-testid="search-name-dialog"
        onSubmit={(event) => {
          event.preventDefault()
          void save(based.submit)
        }}
      >
        <h2 id={titleId}>{title}</h2>
        {note && <p className="dialog-note">{note}</p>}
        <label className="search-name-field">
          <span>Name</span>
          <input
            ref={input}
            value={text}
            maxLength={100}
            // The name offered is selected: typing replaces it, the arrow keys keep it.
            onFocus={(event) => event.currentTarget.select()}
            onChange={(event) => {
              setText(event.target.value)
              setError(undefined)
              based.dismiss()
            }}
          />
        </label>
        {children}
        {error && (
          <ErrorLine>
            {conflict
              ? `A saved search is already named “${name}”. Replace it with this one, or choose another name.`
              : error.message}
          </ErrorLine>
        )}
        {based.theirs && (
          <ConflictNotice
            noun="name"
            theirs={{ ...based.theirs, value: shownValue(based.theirs.value) }}
            mine={name}
            onKeepMine={() => void save(based.keepMine)}
            onTakeTheirs={onClose}
          />
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          {conflict && onReplace && (
            <button type="button" className="danger" disabled={busy} onClick={() => void run(onReplace)}>
              Replace
            </button>
          )}
          <button type="submit" className="primary" disabled={name === '' || busy || conflict}>
            {submitLabel}
          </button>
        </div>
      </form>
    </Overlay>
  )
}
