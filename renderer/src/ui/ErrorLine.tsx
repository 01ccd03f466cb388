import type { ReactNode } from 'react'

/** A refusal or failure in words, announced to screen readers as it appears. */
export function ErrorLine({ children }: { children: ReactNode }) {
  return (
    <p className="error" role="alert">
      {children}
    </p>
  )
}
