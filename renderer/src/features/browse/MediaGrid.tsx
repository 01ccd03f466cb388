import { useEffect, useMemo, useRef, type MouseEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useAppStore } from '../../app/use-app-store'
import { useElementWidth } from '../../ui/use-element-width'
import { NARROW_WINDOW, useMediaQuery } from '../../ui/use-media-query'
import { CARD_SIZE } from './browse-url'
import { MediaCard } from './MediaCard'
import { cardId, focusFirstAsset } from './results-focus'
import { useFastScroll } from './use-fast-scroll'
import { usePagedRows } from './use-paged-rows'
import { useMediaList } from './use-media-list'

const GAP = 12
// Card padding, name line and facts line under the 16:9 poster.
const CARD_CHROME = 58

/**
 * The card size: the slider's, except on a phone-sized window (the narrow layout) too narrow for two such cards,
 * where two share a row as long as each keeps the smallest size (issue 37 point 8).
 */
function fittedSize(size: number, width: number, narrow: boolean): number {
  const half = (width - GAP) / 2
  return narrow && width > 0 && half < size ? Math.max(CARD_SIZE.min, half) : size
}

/** What the grid and the list report to the library view: items per row, picks (click modifiers) and opens. */
export interface ResultViewProps {
  onColumns(columns: number): void
  onPick(event: MouseEvent, id: string): void
  onOpen(id: string, at?: number): void
}

/** The assets as a virtualized grid of cards: as many per row as the width and the size slider allow. */
export function MediaGrid({ onColumns, onPick, onOpen }: ResultViewProps) {
  const { media } = useMediaList()
  const { size, selection, focus } = useAppStore(
    useShallow((s) => ({ size: s.browse.size, selection: s.selection, focus: s.focus })),
  )
  const scroller = useRef<HTMLDivElement>(null)
  const width = useElementWidth(scroller)
  const narrow = useMediaQuery(NARROW_WINDOW)
  const columns = Math.max(1, Math.floor((width + GAP) / (fittedSize(size, width, narrow) + GAP)))
  const cardWidth = width > 0 ? (width - GAP * (columns - 1)) / columns : size
  const rowHeight = Math.round((cardWidth * 9) / 16 + CARD_CHROME + GAP)
  const fast = useFastScroll(scroller)
  const { items, totalSize } = usePagedRows(scroller, columns, rowHeight, { fast })
  const selected = useMemo(() => new Set(selection), [selection])
  useEffect(() => onColumns(columns), [columns, onColumns])
  // Only a card on screen can be pointed at: the virtualizer drops those scrolled away.
  const focusIndex = focus === null ? -1 : media.findIndex((asset) => asset.id === focus)
  const focusRow = focusIndex < 0 ? -1 : Math.floor(focusIndex / columns)
  const activeCard = items.some((row) => row.index === focusRow) ? cardId(focus!) : undefined

  return (
    <div
      ref={scroller}
      className="media-grid results-scroller"
      data-testid="media-grid"
      role="grid"
      aria-label="Media"
      aria-multiselectable="true"
      // The grid is one tab stop; the arrows move within it and the screen reader follows the focused card.
      tabIndex={0}
      aria-activedescendant={activeCard}
      onFocus={focusFirstAsset}
      data-columns={columns}
    >
      <div className="virtual-space" style={{ height: totalSize }}>
        {items.map((row) => (
          <div
            key={row.key}
            className="grid-row"
            role="row"
            style={{
              transform: `translateY(${row.start}px)`,
              height: rowHeight - GAP,
              gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
            }}
          >
            {media.slice(row.index * columns, row.index * columns + columns).map((asset) => (
              <MediaCard
                key={asset.id}
                asset={asset}
                selected={selected.has(asset.id)}
                focused={focus === asset.id}
                light={fast}
                onPick={onPick}
                onOpen={onOpen}
              />
            ))}
          </div>
        ))}
      </div>
    </div>
  )
}
