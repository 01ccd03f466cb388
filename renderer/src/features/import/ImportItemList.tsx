import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useMemo, useRef, useState } from 'react'
import type { ImportItem } from '../../../../shared/contract'
import { filterTotal, type ImportEntry, type ItemFilter } from './import-entries'
import { shownItems } from './import-slice'
import { loadMoreItems } from './use-recent-imports'

// A row's usual height; a long reason wraps, and the row is measured.
const ROW_HEIGHT = 24
// Within this many rows of the end, the next page is fetched.
const NEAR_END = 20
const FILTERS: Array<{ filter: ItemFilter; label: string }> = [
  { filter: 'all', label: 'All' },
  { filter: 'failed', label: 'Failed' },
  { filter: 'duplicate', label: 'Duplicates' },
  { filter: 'imported', label: 'Imported' },
]

/**
 * What became of each file of a job, failures first, then duplicates, then imported files; a
 * bounded, virtualized list (a job may have 10,000 files) that fetches more pages as it scrolls,
 * filtered by outcome.
 */
export function ImportItemList({ entry }: { entry: ImportEntry }) {
  const [filter, setFilter] = useState<ItemFilter>('all')
  const items = useMemo(() => shownItems(entry.items, filter), [entry.items, filter])
  const total = filterTotal(entry.job, filter)
  const scroller = useRef<HTMLDivElement>(null)
  // The virtualizer's functions change as it scrolls: the compiler must not memoize this component (it does not).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  })
  const rows = virtualizer.getVirtualItems()
  const lastShown = rows.at(-1)?.index ?? -1
  const next = entry.pages[filter]
  const wanted = next !== null && items.length < total && (next === undefined || lastShown >= items.length - NEAR_END)
  const jobId = entry.job.id
  useEffect(() => {
    if (wanted) void loadMoreItems(jobId, filter)
  }, [wanted, jobId, filter, items.length])

  return (
    <div className="import-files">
      <div className="import-filters" role="group" aria-label="Show files">
        {FILTERS.filter(({ filter: shown }) => shown === 'all' || filterTotal(entry.job, shown) > 0).map(
          ({ filter: option, label }) => (
            <button
              key={option}
              type="button"
              aria-pressed={filter === option}
              data-testid={`import-filter-${option}`}
              onClick={() => setFilter(option)}
            >
              {label} <span className="filter-count">{filterTotal(entry.job, option)}</span>
            </button>
          ),
        )}
      </div>
      <div ref={scroller} className="import-items" data-testid="import-items" role="list">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {rows.map((row) => {
            const item = items[row.index]!
            return (
              <div
                key={item.seq}
                ref={virtualizer.measureElement}
                data-index={row.index}
                role="listitem"
                className="import-item"
                data-testid="import-item"
                data-outcome={item.outcome}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${row.start}px)` }}
              >
                <span className="item-name" title={item.path}>
                  {item.name}
                </span>
                <span className={`item-outcome outcome-${item.outcome}`}>{outcomeText(item)}</span>
              </div>
            )
          })}
        </div>
        {items.length < total && (
          <p className="more-items" role="status">
            Loading {total - items.length} more…
          </p>
        )}
      </div>
    </div>
  )
}

function outcomeText(item: ImportItem): string {
  // An imported file's reason is a warning about it, such as "damaged: …".
  if (item.outcome === 'imported') return item.reason ? `imported (${item.reason})` : 'imported'
  if (item.outcome === 'duplicate') return `duplicate of ${item.asset?.name ?? 'an asset already in the library'}`
  return `failed: ${item.reason ?? 'no reason given'}`
}
