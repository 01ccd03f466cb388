import { useEffect, useState } from 'react'
import type { MediaFacets, MediaFilter } from '../../../../shared/contract'
import { useDebouncedValue } from '../../ui/use-debounced-value'
import { Facet } from './Facet'

type Change = (patch: Partial<MediaFilter>) => void

const MB = 1024 * 1024
// As the search box: a pause in typing applies the field.
const TYPING_PAUSE_MS = 400

/**
 * Resolution, duration, size and import-date ranges; each field applies as typing pauses (and on
 * Enter, or when it loses focus), and its placeholder says what the other filters leave (e.g. "160–1920").
 */
export function RangeFilters({
  filter,
  ranges,
  change,
}: {
  filter: MediaFilter
  ranges: MediaFacets['ranges'] | undefined
  change: Change
}) {
  const num = (text: string, scale = 1) =>
    text.trim() === '' || Number.isNaN(Number(text)) ? undefined : Number(text) * scale
  const int = (text: string, scale = 1) => {
    const value = num(text, scale)
    return value === undefined ? undefined : Math.max(0, Math.round(value))
  }
  return (
    <>
      <Facet
        title="Resolution"
        active={filter.minWidth !== undefined || filter.minHeight !== undefined}
        onClear={() => change({ minWidth: undefined, minHeight: undefined })}
      >
        <Field
          label="Min width (px)"
          hint={hint(ranges?.width)}
          value={filter.minWidth}
          onCommit={(t) => change({ minWidth: int(t) })}
        />
        <Field
          label="Min height (px)"
          hint={hint(ranges?.height)}
          value={filter.minHeight}
          onCommit={(t) => change({ minHeight: int(t) })}
        />
      </Facet>
      <Facet
        title="Duration"
        active={filter.minDuration !== undefined || filter.maxDuration !== undefined}
        onClear={() => change({ minDuration: undefined, maxDuration: undefined })}
      >
        <Field
          label="From (s)"
          hint={hint(ranges?.duration)}
          value={filter.minDuration}
          onCommit={(t) => change({ minDuration: num(t) })}
        />
        <Field
          label="To (s)"
          hint={hint(ranges?.duration)}
          value={filter.maxDuration}
          onCommit={(t) => change({ maxDuration: num(t) })}
        />
      </Facet>
      <Facet
        title="Size"
        active={filter.minSize !== undefined || filter.maxSize !== undefined}
        onClear={() => change({ minSize: undefined, maxSize: undefined })}
      >
        <Field
          label="From (MiB)"
          hint={hint(ranges?.size, MB)}
          value={scaled(filter.minSize)}
          onCommit={(t) => change({ minSize: int(t, MB) })}
        />
        <Field
          label="To (MiB)"
          hint={hint(ranges?.size, MB)}
          value={scaled(filter.maxSize)}
          onCommit={(t) => change({ maxSize: int(t, MB) })}
        />
      </Facet>
      <Facet
        title="Imported"
        active={filter.importedFrom !== undefined || filter.importedTo !== undefined}
        onClear={() => change({ importedFrom: undefined, importedTo: undefined })}
      >
        <Field
          label="From"
          type="date"
          value={filter.importedFrom}
          onCommit={(t) => change({ importedFrom: t || undefined })}
        />
        <Field
          label="To"
          type="date"
          value={filter.importedTo}
          onCommit={(t) => change({ importedTo: t || undefined })}
        />
      </Facet>
    </>
  )
}

function scaled(bytes: number | undefined): number | undefined {
  return bytes === undefined ? undefined : Math.round((bytes / MB) * 100) / 100
}

/** "min–max" of what is left, in the field's unit (undefined while nothing is known). */
function hint(range: { min: number | null; max: number | null } | undefined, unit = 1): string | undefined {
  if (!range || range.min === null || range.max === null) return undefined
  const shown = (value: number) => String(Math.round((value / unit) * 10) / 10)
  return `${shown(range.min)}–${shown(range.max)}`
}

function Field({
  label,
  value,
  hint,
  type = 'number',
  onCommit,
}: {
  label: string
  value: string | number | undefined
  hint?: string
  type?: 'number' | 'date'
  onCommit(text: string): void
}) {
  const shown = value === undefined ? '' : String(value)
  const [draft, setDraft] = useState<string | null>(null)
  const settled = useDebouncedValue(draft, TYPING_PAUSE_MS)
  // Applied as typing pauses, as the search box is; the draft stays until focus leaves, so a value the
  // filter rounds ("1.5" px) is not rewritten under the caret.
  useEffect(() => {
    if (settled !== null && settled !== shown) onCommit(settled)
    // Only a settled draft commits; a new value from elsewhere must not re-send the old draft.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settled])
  const commit = () => {
    if (draft !== null && draft !== shown) onCommit(draft)
    setDraft(null)
  }
  return (
    <label className="range-field">
      <span>{label}</span>
      <input
        type={type}
        min={0}
        placeholder={hint}
        value={draft ?? shown}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit()
        }}
      />
    </label>
  )
}
