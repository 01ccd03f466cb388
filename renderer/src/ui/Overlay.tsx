import { useEffect, useRef, type ReactNode, type RefObject } from 'react'

const FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])'

/**
 * A modal layer over the page: Escape or a click on the backdrop closes it; focus moves into it
 * (to `initialFocus` when given), Tab stays inside, and focus returns where it was on close.
 */
export function Overlay({
  label,
  labelledBy,
  onClose,
  children,
  initialFocus,
  spaceCloses = true,
  className,
}: {
  label?: string
  /** The id of the heading that names the layer (instead of `label`). */
  labelledBy?: string
  onClose(): void
  children: ReactNode
  initialFocus?: RefObject<HTMLElement | null>
  /** Space closes a preview; in a dialog it presses buttons, and no key reaches the page behind. */
  spaceCloses?: boolean
  className?: string
}) {
  const box = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null
    ;(initialFocus?.current ?? box.current)?.focus()
    return () => previous?.focus()
    // The first focus only: later renders must not pull focus back.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
  return (
    <div className="overlay" onClick={onClose}>
      <div
        ref={box}
        className={className ? `overlay-box ${className}` : 'overlay-box'}
        role="dialog"
        aria-modal="true"
        aria-label={labelledBy ? undefined : label}
        aria-labelledby={labelledBy}
        tabIndex={-1}
        onClick={(event) => event.stopPropagation()}
        onKeyDown={(event) => {
          if (event.key === 'Escape' || (spaceCloses && event.key === ' ')) {
            event.preventDefault()
            event.stopPropagation()
            onClose()
          } else if (event.key === 'Tab' && box.current) {
            trapTab(box.current, event)
          } else if (!spaceCloses) {
            // A dialog's keys (Delete, arrows, Enter) are its own, not the library's behind it.
            event.stopPropagation()
          }
        }}
      >
        {children}
      </div>
    </div>
  )
}

/** Keeps Tab and Shift+Tab cycling through the layer's controls. */
function trapTab(box: HTMLElement, event: { shiftKey: boolean; preventDefault(): void }): void {
  const items = Array.from(box.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (item) => !item.hasAttribute('disabled'),
  )
  if (items.length === 0) return event.preventDefault()
  const first = items[0]
  const last = items[items.length - 1]
  const active = document.activeElement
  if (event.shiftKey && (active === first || active === box)) {
    event.preventDefault()
    last.focus()
  } else if (!event.shiftKey && active === last) {
    event.preventDefault()
    first.focus()
  }
}
