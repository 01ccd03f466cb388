import { useShallow } from 'zustand/react/shallow'
import { codecDisplayName, containerDisplayName } from '../../../../shared/codec-names'
import { MEDIA_STATUS, type AssetHealth, type MediaFilter, type ReviewStatus } from '../../../../shared/contract'
import { REVIEW_STATUS_WORDS } from '../../../../shared/review-words'
import { useAppStore } from '../../app/use-app-store'
import { CollectionFilter } from '../organise/index'
import { countFilters } from './browse-url'
import { useFacets } from './use-media-list'
import { Facet } from './Facet'
import {
  Choice,
  ListFacet,
  toggled,
  withChosen,
  YesNoFacet,
  type ListFacetSpec,
  type YesNoFacetSpec,
} from './FacetChoices'
import { GenerationFilters } from './GenerationFilters'
import { RangeFilters } from './RangeFilters'
import { FILTERS_ID } from './skip-targets'

// Unlike every other list, ticked tags narrow: an asset must carry them all.
const TAGS_HINT = 'Ticked tags must all be on an asset.'
const STATUS_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(MEDIA_STATUS).map(([name, code]) => [code, name]),
)
const LISTS: ListFacetSpec[] = [
  { key: 'mediaType', title: 'Media type' },
  { key: 'sourceType', title: 'Source' },
  { key: 'codec', title: 'Codec', label: (value) => codecDisplayName(value, {}) ?? value },
  { key: 'container', title: 'Container', label: containerFacetLabel },
  { key: 'orientation', title: 'Orientation' },
  { key: 'tags', title: 'Tags', hint: TAGS_HINT },
  // The people who imported: on a library of one person, that one name.
  { key: 'importedBy', title: 'Imported by' },
  { key: 'reviewStatus', title: 'Review', label: (value) => REVIEW_STATUS_WORDS[value as ReviewStatus] ?? value },
]
const YES_NO: YesNoFacetSpec[] = [
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
  const { filter, setBrowse } = useAppStore(useShallow((s) => ({ filter: s.browse.filter, setBrowse: s.setBrowse })))
  const facets = useFacets().data
  const change = (patch: Partial<MediaFilter>) => {
    const next: Record<string, unknown> = { ...filter, ...patch }
    for (const key of Object.keys(next)) if (next[key] === undefined) delete next[key]
    setBrowse({ filter: next as MediaFilter })
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
        <CollectionFilter change={change} counts={facets?.collections} />
      </Facet>
      {LISTS.map((spec) => (
        <ListFacet key={spec.key} spec={spec} facets={facets} filter={filter} change={change} />
      ))}
      <GenerationFilters facets={facets} filter={filter} change={change} />
      <Facet title="Status" active={filter.status !== undefined} onClear={() => change({ status: undefined })}>
        {withChosen(facets?.status, filter.status).map(({ value, count }) => (
          <Choice
            key={value}
            label={STATUS_NAMES[Number(value)] ?? `status ${value}`}
            count={count}
            checked={filter.status?.includes(Number(value)) ?? false}
            onChange={() => change({ status: toggled(filter.status, Number(value)) })}
          />
        ))}
      </Facet>
      <Facet title="File health" active={filter.health !== undefined} onClear={() => change({ health: undefined })}>
        {HEALTH.map(({ value, label }) => (
          <Choice
            key={value}
            label={label}
            checked={filter.health?.includes(value) ?? false}
            onChange={() => change({ health: toggled(filter.health, value) })}
          />
        ))}
      </Facet>
      {YES_NO.map((spec) => (
        <YesNoFacet key={spec.key} spec={spec} facets={facets} filter={filter} change={change} />
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
function containerFacetLabel(value: string): string {
  if (value.startsWith('mov,mp4')) return 'MP4 / MOV'
  if (value === 'matroska,webm') return 'Matroska / WebM'
  // ffprobe's name for single still images (JPEG and the like) read by the image demuxer.
  if (value === 'image2') return 'Still image file'
  return containerDisplayName(value) ?? value
}
