import { useEffect, useRef } from 'react'
import { useAppStore } from '../../app/use-app-store'

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
  const index = useAppStore((s) => (id === null ? -1 : s.media.findIndex((asset) => asset.id === id)))
  const count = useAppStore((s) => s.media.length)
  const more = useAppStore((s) => s.mediaCursor !== null)
  // Where the asset was: once deleted it has left the list, and what followed it moved up to here.
  const lastIndex = useRef<{ id: string | null; at: number }>({ id: null, at: -1 })
  useEffect(() => {
    if (index >= 0) lastIndex.current = { id, at: index }
  }, [id, index])
  const onDeleted = () => {
    const state = useAppStore.getState()
    const at = lastIndex.current.id === id ? lastIndex.current.at : -1
    if (at >= 0 && at < state.media.length) open(at)
    else if (at >= 0 && state.mediaCursor !== null) void state.loadMoreMedia().then(() => openOrClose(at))
    else state.closeAsset()
  }
  if (index < 0) return { onDeleted }
  const onPrev = index > 0 ? () => open(index - 1) : undefined
  let onNext: (() => void) | undefined
  if (index < count - 1) onNext = () => open(index + 1)
  else if (more)
    onNext = () =>
      void useAppStore
        .getState()
        .loadMoreMedia()
        .then(() => open(index + 1))
  return { onPrev, onNext, onDeleted }
}

function open(at: number): void {
  const state = useAppStore.getState()
  const target = state.media[at]
  if (target) {
    state.selectAsset(target.id, 'only')
    state.openAsset(target.id)
  }
}

function openOrClose(at: number): void {
  if (useAppStore.getState().media[at]) open(at)
  else useAppStore.getState().closeAsset()
}
