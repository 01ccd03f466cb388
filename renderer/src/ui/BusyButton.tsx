import type { ReactNode } from 'react'

/**
 * A button that starts work and ignores presses while `busy`: marked aria-disabled rather than
 * disabled, since a disabled button drops the keyboard focus to the page while the work runs.
 */
export function BusyButton({
  busy,
  onClick,
  className,
  children,
}: {
  busy: boolean
  onClick(): void
  className?: string
  children: ReactNode
}) {
  return (
    <button
      type="button"
      className={className}
      aria-disabled={busy}
      onClick={() => {
        if (!busy) onClick()
      }}
    >
      {children}
    </button>
  )
}
