import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useMemo, type RefObject } from 'react'
import { useAppStore } from '../../app/use-app-store'
import { showMore, useMediaList } from './use-media-list'

// Rows rendered beyond the visible ones on each side: up to four, but not much over OVERSCAN_PX. Four rows of
// large cards were 800 px each way, and every card mounted while scrolling costs time in the frame.
const MAX_OVERSCAN = 4
const OVERSCAN_PX = 360
// How close to the end the next page is asked for.
const PREFETCH_ROWS = 12

/**
 * Virtual rows of `columns` assets each over the loaded assets: asks for the next keyset page as
 * the last rows come near, and keeps the focused asset in view. `header` is the height of a
 * sticky header above the rows inside the scroller: rows start below it and are never scrolled
 * under it; a row's `start` then counts from the top of the rows. `fast`: the view scrolls fast, so no rows are
 * rendered beyond the visible ones (each frame shows only new rows; rows rendered ahead would be passed unseen).
 */
export function usePagedRows(
  scroller: RefObject<HTMLElement | null>,
  columns: number,
  rowHeight: number,
  { header = 0, fast = false }: { header?: number; fast?: boolean } = {},
) {
  const { media, hasMore } = useMediaList()
  const count = media.length
  const focus = useAppStore((s) => s.focus)
  const rows = Math.ceil(count / columns)
  // The virtualizer re-renders through its own subscription; the compiler's memoizing is not needed here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: fast ? 0 : Math.max(1, Math.min(MAX_OVERSCAN, Math.round(OVERSCAN_PX / rowHeight))),
    scrollMargin: header,
    scrollPaddingStart: header,
  })
  useEffect(() => virtualizer.measure(), [virtualizer, rowHeight])

  const items = virtualizer.getVirtualItems()
  const lastShown = items.at(-1)?.index ?? -1
  useEffect(() => {
    if (hasMore && lastShown >= rows - PREFETCH_ROWS) void showMore()
  }, [hasMore, lastShown, rows])

  const focusIndex = useMemo(
    () => (focus === null ? -1 : media.findIndex((asset) => asset.id === focus)),
    [media, focus],
  )
  useEffect(() => {
    if (focusIndex >= 0) virtualizer.scrollToIndex(Math.floor(focusIndex / columns), { align: 'auto' })
  }, [virtualizer, focusIndex, columns])

  return {
    virtualizer,
    items: items.map((item) => ({ ...item, start: item.start - header })),
    totalSize: virtualizer.getTotalSize(),
  }
}
