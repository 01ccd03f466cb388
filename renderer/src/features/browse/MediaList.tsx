import { useEffect, useMemo, useRef } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { MediaListItem, MediaSortKey } from '../../../../shared/contract'
import { formatBytes, formatDuration } from '../../format'
import { useAppStore } from '../../app/use-app-store'
import { codecName, isMissing } from './asset-facts'
import type { ResultViewProps } from './MediaGrid'
import { focusFirstAsset } from './results-focus'
import { matchWords } from './SearchMatchLine'
import { usePagedRows } from './use-paged-rows'
import { useMediaList } from './use-media-list'

const ROW_HEIGHT = 34

type Column = {
  label: string
  sort: MediaSortKey | null
  cell(asset: MediaListItem): string
  /** The cell's tooltip when it says more than the cell (else the cell's text). */
  title?(asset: MediaListItem): string
}

// Type, codec and who imported have no sort key in the backend: their headers say so instead of sorting.
const COLUMNS: Column[] = [
  {
    label: 'Name',
    sort: 'name',
    cell: (a) => (a.matched && a.matched.field !== 'name' ? `${a.name} · ${matchWords(a.matched)}` : a.name),
  },
  { label: 'Type', sort: null, cell: (a) => a.mediaType },
  {
    label: 'Duration',
    sort: 'duration',
    cell: (a) => (a.durationSeconds === null ? '' : formatDuration(a.durationSeconds)),
  },
  { label: 'Resolution', sort: 'resolution', cell: (a) => a.resolution ?? '' },
  { label: 'Codec', sort: null, cell: (a) => codecName(a) ?? '' },
  { label: 'Size', sort: 'size', cell: (a) => (a.sizeBytes === null ? '' : formatBytes(a.sizeBytes)) },
  {
    label: 'Imported',
    sort: 'imported',
    cell: (a) => (a.importedAt ? shortDate(a.importedAt) : ''),
    title: (a) => (a.importedAt ? shortDateTime(a.importedAt) : ''),
  },
  { label: 'Imported by', sort: null, cell: (a) => a.importedBy ?? '' },
]

/** The assets as a virtualized table; a header click sorts by its column, a second click reverses. */
export function MediaList({ onColumns, onPick, onOpen }: ResultViewProps) {
  const { media } = useMediaList()
  const { sort, selection, focus, setBrowse } = useAppStore(
    useShallow((s) => ({
      sort: s.browse.sort,
      selection: s.selection,
      focus: s.focus,
      setBrowse: s.setBrowse,
    })),
  )
  const scroller = useRef<HTMLDivElement>(null)
  const { items, totalSize } = usePagedRows(scroller, 1, ROW_HEIGHT, { header: ROW_HEIGHT })
  const selected = useMemo(() => new Set(selection), [selection])
  useEffect(() => onColumns(1), [onColumns])

  const sortBy = (key: MediaSortKey) =>
    setBrowse({
      sort:
        sort.by === key
          ? { by: key, dir: sort.dir === 'asc' ? 'desc' : 'asc' }
          : { by: key, dir: key === 'name' ? 'asc' : 'desc' },
    })

  return (
    <div
      ref={scroller}
      className="media-list results-scroller"
      data-testid="media-list"
      role="table"
      aria-label="Media"
      tabIndex={0}
      onFocus={focusFirstAsset}
    >
      <div className="list-row list-head" role="row">
        {COLUMNS.map((column) => {
          const active = column.sort !== null && column.sort === sort.by
          return (
            <div
              key={column.label}
              role="columnheader"
              aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
            >
              {column.sort === null ? (
                <span className="unsortable" title="This column cannot be sorted">
                  {column.label}
                </span>
              ) : (
                <button type="button" onClick={() => sortBy(column.sort!)}>
                  {column.label}
                  {active && <span aria-hidden="true">{sort.dir === 'asc' ? ' ▲' : ' ▼'}</span>}
                </button>
              )}
            </div>
          )
        })}
      </div>
      <div className="virtual-space" style={{ height: totalSize }}>
        {items.map((row) => {
          const asset = media[row.index]
          if (!asset) return null
          const classes = ['list-row', selected.has(asset.id) && 'selected', focus === asset.id && 'focused']
          return (
            <div
              key={asset.id}
              className={classes.filter(Boolean).join(' ')}
              role="row"
              aria-selected={selected.has(asset.id)}
              data-testid="media-row"
              data-asset-id={asset.id}
              style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}
              onClick={(event) => onPick(event, asset.id)}
              onDoubleClick={() => onOpen(asset.id, asset.matched?.at)}
            >
              {COLUMNS.map((column) => (
                <div key={column.label} role="cell" title={(column.title ?? column.cell)(asset)}>
                  {column.label === 'Name' && isMissing(asset) && (
                    <span
                      className="flag flag-missing"
                      data-testid="missing-flag"
                      title="The file was not found at its path"
                    >
                      Missing
                    </span>
                  )}
                  {column.cell(asset)}
                </div>
              ))}
            </div>
          )
        })}
      </div>
    </div>
  )
}

/** Date and time in the short local form, so the column stays narrow. */
function shortDate(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString(undefined, { dateStyle: 'short' })
}

function shortDateTime(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' })
}
