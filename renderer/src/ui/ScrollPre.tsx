import type { ReactNode } from 'react'

/**
 * Preformatted text in a box that may scroll (an error, a prompt's JSON): a named, focusable
 * region, so the keyboard can scroll it too.
 */
export function ScrollPre({ label, children }: { label: string; children: ReactNode }) {
  return (
    <pre role="region" aria-label={label} tabIndex={0}>
      {children}
    </pre>
  )
}
