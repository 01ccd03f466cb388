import { useShallow } from 'zustand/react/shallow'
import { codecDisplayName, containerDisplayName } from '../../../../shared/codec-names'
import { MEDIA_STATUS, type AssetHealth, type FacetCounts, type MediaFilter } from '../../../../shared/contract'
import { useAppStore } from '../../app/use-app-store'
import { CollectionFilter } from '../organise/index'
import { countFilters } from './browse-url'
import { Facet } from './Facet'
import { RangeFilters } from './RangeFilters'
import { FILTERS_ID } from './skip-targets'

type ListFilter = 'mediaType' | 'sourceType' | 'codec' | 'container' | 'orientation' | 'tags'
type ListFacet = { key: ListFilter; facet: ListFilter; title: string; label?: (value: string) => string }
type YesNoFilter = 'hasAudio' | 'hasNearDuplicates'

const STATUS_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(MEDIA_STATUS).map(([name, code]) => [code, name]),
)
const LISTS: ListFacet[] = [
  { key: 'mediaType', facet: 'mediaType', title: 'Media type' },
  { key: 'sourceType', facet: 'sourceType', title: 'Source' },
  { key: 'codec', facet: 'codec', title: 'Codec', label: (value) => codecDisplayName(value, {}) ?? value },
  { key: 'container', facet: 'container', title: 'Container', label: containerFamily },
  { key: 'orientation', facet: 'orientation', title: 'Orientation' },
  { key: 'tags', facet: 'tags', title: 'Tags' },
]
// Filters that hold or not, each counted as 1 and 0 under its own name; the labels of true and false.
const YES_NO: { key: YesNoFilter; title: string; labels: [string, string] }[] = [
  { key: 'hasAudio', title: 'Audio', labels: ['Has audio', 'No audio'] },
  { key: 'hasNearDuplicates', title: 'Near-duplicates', labels: ['Has near-duplicates', 'No near-duplicates'] },
]
// media:facets does not count health (its grouped scan has no health column, and the few flagged
// assets sit in a partial index the list query drives), so these choices show no count.
const HEALTH: { value: AssetHealth; label: string }[] = [
  { value: 'missing', label: 'Missing file' },
  { value: 'changed', label: 'Changed file' },
]

/** Facet filters with how many assets each value would leave; each filter clears on its own or all at once. */
export function FilterPanel() {
  const { facets, filter, setBrowse } = useAppStore(
    useShallow((s) => ({ facets: s.facets, filter: s.browse.filter, setBrowse: s.setBrowse })),
  )
  const change = (patch: Partial<MediaFilter>) => {
    const next: Record<string, unknown> = { ...filter, ...patch }
    for (const key of Object.keys(next)) if (next[key] === undefined) delete next[key]
    setBrowse({ filter: next as MediaFilter })
  }
  const toggle = (values: readonly (string | number)[] | undefined, value: string | number) => {
    const next = values?.includes(value) ? values.filter((known) => known !== value) : [...(values ?? []), value]
    return next.length === 0 ? undefined : next
  }
  const ratingAtLeast = (n: number) =>
    (facets?.rating ?? []).reduce((sum, entry) => sum + (Number(entry.value) >= n ? entry.count : 0), 0)
  const active = countFilters(filter)

  return (
    <aside id={FILTERS_ID} className="filter-panel" aria-label="Filters" data-testid="filter-panel" tabIndex={-1}>
      <div className="filter-head">
        <h2>Filters</h2>
        {active > 0 && (
          <button type="button" className="link" onClick={() => setBrowse({ filter: {} })}>
            Clear all
          </button>
        )}
      </div>
      <Facet
        title="Collections"
        active={filter.collection !== undefined}
        onClear={() => change({ collection: undefined })}
      >
        <CollectionFilter change={change} />
      </Facet>
      {LISTS.map(({ key, facet, title, label }) => (
        <Facet key={key} title={title} active={filter[key] !== undefined} onClear={() => change({ [key]: undefined })}>
          {facets && withChosen(facets[facet], filter[key]).length === 0 && <p className="facet-none">None left</p>}
          {withChosen(facets?.[facet], filter[key]).map(({ value, count }) => (
            <Choice
              key={value}
              label={label ? label(String(value)) : String(value)}
              count={count}
              checked={(filter[key] as readonly string[] | undefined)?.includes(String(value)) ?? false}
              onChange={() => change({ [key]: toggle(filter[key], String(value)) })}
            />
          ))}
        </Facet>
      ))}
      <Facet title="Status" active={filter.status !== undefined} onClear={() => change({ status: undefined })}>
        {withChosen(facets?.status, filter.status).map(({ value, count }) => (
          <Choice
            key={value}
            label={STATUS_NAMES[Number(value)] ?? `status ${value}`}
            count={count}
            checked={filter.status?.includes(Number(value)) ?? false}
            onChange={() => change({ status: toggle(filter.status, Number(value)) as number[] | undefined })}
          />
        ))}
      </Facet>
      <Facet title="File health" active={filter.health !== undefined} onClear={() => change({ health: undefined })}>
        {HEALTH.map(({ value, label }) => (
          <Choice
            key={value}
            label={label}
            checked={filter.health?.includes(value) ?? false}
            onChange={() => change({ health: toggle(filter.health, value) as MediaFilter['health'] })}
          />
        ))}
      </Facet>
      {YES_NO.map(({ key, title, labels }) => (
        <Facet key={key} title={title} active={filter[key] !== undefined} onClear={() => change({ [key]: undefined })}>
          {[true, false].map((has) => (
            <Choice
              key={String(has)}
              label={has ? labels[0] : labels[1]}
              count={facets?.[key].find((entry) => Number(entry.value) === Number(has))?.count ?? 0}
              checked={filter[key] === has}
              onChange={() => change({ [key]: filter[key] === has ? undefined : has })}
            />
          ))}
        </Facet>
      ))}
      <Facet title="Rating" active={filter.minRating !== undefined} onClear={() => change({ minRating: undefined })}>
        {[1, 2, 3, 4, 5].map((n) => (
          <Choice
            key={n}
            label={`${'★'.repeat(n)} or more`}
            count={ratingAtLeast(n)}
            checked={filter.minRating === n}
            onChange={() => change({ minRating: filter.minRating === n ? undefined : n })}
          />
        ))}
      </Facet>
      <RangeFilters filter={filter} ranges={facets?.ranges} change={change} />
    </aside>
  )
}

/** A container value names a family (ffprobe's format_name), not the file's own brand or extension. */
function containerFamily(value: string): string {
  if (value.startsWith('mov,mp4')) return 'MP4 / MOV'
  if (value === 'matroska,webm') return 'Matroska / WebM'
  // ffprobe's name for single still images (JPEG and the like) read by the image demuxer.
  if (value === 'image2') return 'Still image file'
  return containerDisplayName(value) ?? value
}

/** The facet's values, plus chosen values the other filters left at zero (so they can be unticked). */
function withChosen(counts: FacetCounts | undefined, chosen: readonly (string | number)[] | undefined): FacetCounts {
  const list = counts ?? []
  const missing = (chosen ?? []).filter((value) => !list.some((entry) => String(entry.value) === String(value)))
  return [...list, ...missing.map((value) => ({ value, count: 0 }))]
}

function Choice({
  label,
  count,
  checked,
  onChange,
}: {
  label: string
  /** Assets this choice would leave; undefined when the facet is not counted. */
  count?: number
  checked: boolean
  onChange(): void
}) {
  return (
    <label className={count === 0 && !checked ? 'choice none-left' : 'choice'}>
      <input type="checkbox" checked={checked} onChange={onChange} />
      <span className="choice-label">{label}</span>
      {count !== undefined && (
        <span className="choice-count" data-testid="facet-count">
          {count.toLocaleString()}
        </span>
      )}
    </label>
  )
}
