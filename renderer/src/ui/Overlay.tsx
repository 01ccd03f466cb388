import { useEffect, useRef, type ReactNode } from 'react'

/** A modal layer over the page: Escape or a click on the backdrop closes it; focus moves into it. */
export function Overlay({ label, onClose, children }: { label: string; onClose(): void; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null
    box.current?.focus()
    return () => previous?.focus()
  }, [])
  return (
    <div className="overlay" onClick={onClose}>
      <div
        ref={box}
        className="overlay-box"
        role="dialog"
        aria-modal="true"
        aria-label={label}
        tabIndex={-1}
        onClick={(event) => event.stopPropagation()}
        onKeyDown={(event) => {
          if (event.key === 'Escape' || event.key === ' ') {
            event.preventDefault()
            event.stopPropagation()
            onClose()
          }
        }}
      >
        {children}
      </div>
    </div>
  )
}
