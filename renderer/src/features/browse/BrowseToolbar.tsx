import { useEffect, useState, type RefObject } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { MediaSortKey } from '../../../../shared/contract'
import { useAppStore } from '../../app/use-app-store'
import { useDebouncedValue } from '../../ui/use-debounced-value'
import { RunBatchDialog } from '../batches/index'
import { SaveSearchButton } from '../saved-searches/index'
import { useMayCall } from '../people/index'
import { CARD_SIZE, countFilters, listedFilter } from './browse-url'
import { useFacets } from './use-media-list'
import { FILTERS_ID, FILTERS_TOGGLE_ID } from './skip-targets'

const SORTS: { key: MediaSortKey; label: string }[] = [
  { key: 'imported', label: 'Import time' },
  { key: 'name', label: 'Name' },
  { key: 'duration', label: 'Duration' },
  { key: 'size', label: 'Size' },
  { key: 'resolution', label: 'Resolution' },
]
const TYPING_PAUSE_MS = 200

/**
 * Search box, result count (and a run over all results), sort, grid/list switch, stacking, card size, and the
 * filters toggle.
 */
export function BrowseToolbar({
  search,
  filtersOpen,
  onToggleFilters,
}: {
  search: RefObject<HTMLInputElement | null>
  filtersOpen: boolean
  onToggleFilters(): void
}) {
  const { browse, setBrowse } = useAppStore(useShallow((s) => ({ browse: s.browse, setBrowse: s.setBrowse })))
  const total = useFacets().data?.total
  const [text, setText] = useState(browse.query)
  const settled = useDebouncedValue(text, TYPING_PAUSE_MS)
  useEffect(() => setBrowse({ query: settled }), [settled, setBrowse])
  // Back/forward or a pasted link changes the query under the box: show it.
  const [shown, setShown] = useState(browse.query)
  if (browse.query !== shown) {
    setShown(browse.query)
    if (browse.query !== settled) setText(browse.query)
  }
  const filters = countFilters(browse.filter)
  const [running, setRunning] = useState(false)
  const mayRun = useMayCall('batch:run')

  return (
    <div className="browse-toolbar">
      <input
        ref={search}
        type="search"
        className="search"
        placeholder="Search name, path, tags, notes…  ( / )"
        aria-label="Search"
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      <span className="result-count" data-testid="result-count" role="status">
        {total === undefined ? '' : total === 1 ? '1 asset' : `${total.toLocaleString()} assets`}
      </span>
      {mayRun && total !== undefined && total > 0 && (
        <button type="button" onClick={() => setRunning(true)}>
          Run on all…
        </button>
      )}
      {running && total !== undefined && (
        <RunBatchDialog
          target={{ filter: listedFilter(browse), query: browse.query.trim() === '' ? undefined : browse.query }}
          targetWords={total === 1 ? 'the 1 result' : `all ${total.toLocaleString()} results`}
          onClose={() => setRunning(false)}
        />
      )}
      <button
        type="button"
        id={FILTERS_TOGGLE_ID}
        aria-expanded={filtersOpen}
        aria-controls={filtersOpen ? FILTERS_ID : undefined}
        onClick={onToggleFilters}
      >
        Filters{filters > 0 ? ` (${filters})` : ''}
      </button>
      <SaveSearchButton filters={filters} />
      <label className="sort">
        <span>Sort</span>
        <select
          aria-label="Sort by"
          value={browse.sort.by}
          onChange={(event) => setBrowse({ sort: { ...browse.sort, by: event.target.value as MediaSortKey } })}
        >
          {SORTS.map((sort) => (
            <option key={sort.key} value={sort.key}>
              {sort.label}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        aria-label={browse.sort.dir === 'asc' ? 'Ascending (click for descending)' : 'Descending (click for ascending)'}
        title={browse.sort.dir === 'asc' ? 'Ascending' : 'Descending'}
        onClick={() => setBrowse({ sort: { ...browse.sort, dir: browse.sort.dir === 'asc' ? 'desc' : 'asc' } })}
      >
        {browse.sort.dir === 'asc' ? '↑' : '↓'}
      </button>
      {/* The view's options wrap together: a narrow window takes them to a line of their own. */}
      <div className="view-options">
        <div className="view-switch" role="group" aria-label="View">
          {(['grid', 'list'] as const).map((view) => (
            <button key={view} type="button" aria-pressed={browse.view === view} onClick={() => setBrowse({ view })}>
              {view === 'grid' ? 'Grid' : 'List'}
            </button>
          ))}
        </div>
        <label className="stack-switch" title="A clip's sidecar PNG, proxies and processed versions under its card">
          <input
            type="checkbox"
            checked={browse.stacks}
            onChange={(event) => setBrowse({ stacks: event.target.checked })}
          />
          <span>Stack related files</span>
        </label>
        {browse.view === 'grid' && (
          <label className="card-size">
            <span>Size</span>
            <input
              type="range"
              aria-label="Card size"
              min={CARD_SIZE.min}
              max={CARD_SIZE.max}
              step={20}
              value={browse.size}
              onChange={(event) => setBrowse({ size: Number(event.target.value) })}
            />
          </label>
        )}
      </div>
    </div>
  )
}
