import { useAppStore } from '../../store/use-app-store'

/**
 * Previous/next of an asset in the library's current order (undefined at the ends). At the
 * last loaded asset, "next" loads the next page first.
 */
export function useAssetNeighbours(id: string | null): { onPrev?: () => void; onNext?: () => void } {
  const index = useAppStore((s) => (id === null ? -1 : s.media.findIndex((asset) => asset.id === id)))
  const count = useAppStore((s) => s.media.length)
  const more = useAppStore((s) => s.mediaCursor !== null)
  if (index < 0) return {}
  const open = (at: number) => {
    const state = useAppStore.getState()
    const target = state.media[at]
    if (target) {
      state.selectAsset(target.id, 'only')
      state.openAsset(target.id)
    }
  }
  const onPrev = index > 0 ? () => open(index - 1) : undefined
  let onNext: (() => void) | undefined
  if (index < count - 1) onNext = () => open(index + 1)
  else if (more)
    onNext = () =>
      void useAppStore
        .getState()
        .loadMoreMedia()
        .then(() => open(index + 1))
  return { onPrev, onNext }
}
