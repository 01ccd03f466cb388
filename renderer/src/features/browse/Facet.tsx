import type { ReactNode } from 'react'

/** A titled group of filter choices with its own "Clear". */
export function Facet({
  title,
  active,
  onClear,
  children,
}: {
  title: string
  active: boolean
  onClear(): void
  children: ReactNode
}) {
  return (
    <fieldset className="facet" data-facet={title}>
      <legend>
        <span>{title}</span>
        {active && (
          <button type="button" className="link facet-clear" onClick={onClear} aria-label={`Clear ${title}`}>
            Clear
          </button>
        )}
      </legend>
      {children}
    </fieldset>
  )
}
