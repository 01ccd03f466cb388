import { useId, type ReactNode } from 'react'

/** A titled group of filter choices with its own "Clear", and a hint on how its choices combine. */
export function Facet({
  title,
  active,
  onClear,
  hint,
  children,
}: {
  title: string
  active: boolean
  onClear(): void
  hint?: string
  children: ReactNode
}) {
  const hintId = useId()
  return (
    <fieldset className="facet" data-facet={title} aria-describedby={hint ? hintId : undefined}>
      <legend>
        <span>{title}</span>
        {active && (
          <button type="button" className="link facet-clear" onClick={onClear} aria-label={`Clear ${title}`}>
            Clear
          </button>
        )}
      </legend>
      {hint && (
        <p id={hintId} className="facet-hint">
          {hint}
        </p>
      )}
      {children}
    </fieldset>
  )
}
