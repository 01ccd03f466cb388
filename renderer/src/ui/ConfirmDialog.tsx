import { useId, useRef, useState, type ReactNode } from 'react'
import type { ErrorShape } from '../../../shared/errors'
import { Overlay } from './Overlay'
import { ErrorLine } from './ErrorLine'

/**
 * A question before something that cannot be taken back lightly: focus starts on Cancel, Escape
 * cancels, Enter presses the focused button. A refusal stays shown; success closes it.
 */
export function ConfirmDialog({
  title,
  confirmLabel,
  busyLabel,
  onConfirm,
  onClose,
  onConfirmed = onClose,
  ready = true,
  children,
  testId,
}: {
  title: string
  confirmLabel: string
  busyLabel: string
  /** Resolves to the refusal, if any. */
  onConfirm(): Promise<ErrorShape | undefined>
  onClose(): void
  /** Called once the confirmed action worked; closing the dialog by default. */
  onConfirmed?(): void
  /** False while what the dialog says is still being worked out. */
  ready?: boolean
  children: ReactNode
  testId?: string
}) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ErrorShape | undefined>(undefined)
  const cancelButton = useRef<HTMLButtonElement>(null)
  const titleId = useId()
  const confirm = async () => {
    setBusy(true)
    setError(undefined)
    const failure = await onConfirm()
    if (failure) {
      setError(failure)
      setBusy(false)
    } else onConfirmed()
  }
  return (
    <Overlay
      labelledBy={titleId}
      onClose={() => !busy && onClose()}
      initialFocus={cancelButton}
      spaceCloses={false}
      className="dialog"
    >
      <div data-testid={testId}>
        <h2 id={titleId}>{title}</h2>
        {children}
        {error && <ErrorLine>{error.message}</ErrorLine>}
        <div className="dialog-buttons">
          <button ref={cancelButton} type="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="button" className="danger" onClick={() => void confirm()} disabled={busy || !ready}>
            {busy ? busyLabel : confirmLabel}
          </button>
        </div>
      </div>
    </Overlay>
  )
}
