import { useId, useState, type FormEvent, type ReactNode, type RefObject } from 'react'
import type { ErrorShape } from '../../../../shared/errors'
import { ErrorLine } from '../../ui/ErrorLine'
import { Overlay } from '../../ui/Overlay'

/**
 * A dialog holding a form: its heading, fields, a refusal in words, Cancel and the submit button. `onSubmit`
 * resolves to the refusal (kept shown) or to nothing, which closes it.
 */
export function FormDialog(props: {
  title: string
  submitLabel: string
  busyLabel: string
  onSubmit(): Promise<ErrorShape | undefined>
  onClose(): void
  initialFocus?: RefObject<HTMLElement | null>
  className?: string
  children: ReactNode
}) {
  const { onClose } = props
  const [busy, setBusy] = useState(false)
  const [refusal, setRefusal] = useState<ErrorShape | undefined>(undefined)
  const titleId = useId()
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    const failure = await props.onSubmit()
    setBusy(false)
    if (failure) setRefusal(failure)
    else onClose()
  }
  return (
    <Overlay
      labelledBy={titleId}
      initialFocus={props.initialFocus}
      onClose={() => !busy && onClose()}
      spaceCloses={false}
      className={`dialog ${props.className ?? ''}`}
    >
      <form noValidate onSubmit={(event) => void submit(event)}>
        <h2 id={titleId}>{props.title}</h2>
        {props.children}
        {refusal && <ErrorLine>{refusal.message}</ErrorLine>}
        <div className="dialog-buttons">
          <button type="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? props.busyLabel : props.submitLabel}
          </button>
        </div>
      </form>
    </Overlay>
  )
}
