import type { KeyboardEvent } from 'react'

const STARS = [1, 2, 3, 4, 5]

/**
 * A 0–5 star rating as a radio group: click a star (click the current one again to clear),
 * or use ←/→ (also ↑/↓), Home (none) and End (5) while it has focus; 0 to 5 keys set it too.
 */
export function StarRating({
  value,
  onChange,
  disabled,
}: {
  value: number
  onChange(rating: number): void
  disabled?: boolean
}) {
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const next =
      event.key === 'ArrowRight' || event.key === 'ArrowUp'
        ? Math.min(5, value + 1)
        : event.key === 'ArrowLeft' || event.key === 'ArrowDown'
          ? Math.max(0, value - 1)
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? 5
              : /^[0-5]$/.test(event.key)
                ? Number(event.key)
                : null
    if (next === null) return
    // Handled here: the detail's own ←/→ (previous/next asset) must not also run.
    event.preventDefault()
    if (next !== value) onChange(next)
  }
  return (
    <div
      className="star-rating"
      role="radiogroup"
      aria-label={`Rating: ${value ? `${value} of 5 stars` : 'none'}`}
      tabIndex={disabled ? -1 : 0}
      onKeyDown={disabled ? undefined : onKeyDown}
    >
      {STARS.map((star) => (
        <button
          key={star}
          type="button"
          role="radio"
          aria-checked={star === value}
          aria-label={`${star} star${star > 1 ? 's' : ''}`}
          tabIndex={-1}
          disabled={disabled}
          className={star <= value ? 'on' : undefined}
          onClick={() => onChange(star === value ? 0 : star)}
        >
          {star <= value ? '★' : '☆'}
        </button>
      ))}
    </div>
  )
}
