import { useEffect, useRef } from 'react'
import { useAppStore } from '../../app/use-app-store'
import { moreToShow, shownMedia, showMore, useMediaList } from './use-media-list'

interface Neighbours {
  onPrev?: () => void
  onNext?: () => void
  /** After this asset's delete: the asset that followed it, else back to the library. */
  onDeleted(): void
}

/**
 * Previous/next of an asset in the library's current order (undefined at the ends). At the
 * last loaded asset, "next" loads the next page first.
 */
export function useAssetNeighbours(id: string | null): Neighbours {
  const { media, hasMore: more } = useMediaList()
  const index = id === null ? -1 : media.findIndex((asset) => asset.id === id)
  const count = media.length
  // Where the asset was: once deleted it has left the list, and what followed it moved up to here.
  const lastIndex = useRef<{ id: string | null; at: number }>({ id: null, at: -1 })
  useEffect(() => {
    if (index >= 0) lastIndex.current = { id, at: index }
  }, [id, index])
  const onDeleted = () => {
    const at = lastIndex.current.id === id ? lastIndex.current.at : -1
    if (at >= 0 && at < shownMedia().length) open(at)
    else if (at >= 0 && moreToShow()) void showMore().then(() => openOrClose(at))
    else useAppStore.getState().closeAsset()
  }
  if (index < 0) return { onDeleted }
  const onPrev = index > 0 ? () => open(index - 1) : undefined
  let onNext: (() => void) | undefined
  if (index < count - 1) onNext = () => open(index + 1)
  else if (more) onNext = () => void showMore().then(() => open(index + 1))
  return { onPrev, onNext, onDeleted }
}

function open(at: number): void {
  const state = useAppStore.getState()
  const target = shownMedia()[at]
  if (target) {
    state.selectAsset(target.id, 'only')
    state.openAsset(target.id)
  }
}

function openOrClose(at: number): void {
  if (shownMedia()[at]) open(at)
  else useAppStore.getState().closeAsset()
}
