import { useCallback, useSyncExternalStore } from 'react'

/** Below this width the window is laid out for a phone: the navigation and the filters fold away. */
export const NARROW_WINDOW = '(max-width: 800px)'

/** Whether the window matches a media query now, followed as it changes (a window resized, a phone turned). */
export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (changed: () => void) => {
      const list = window.matchMedia(query)
      list.addEventListener('change', changed)
      return () => list.removeEventListener('change', changed)
    },
    [query],
  )
  return useSyncExternalStore(subscribe, () => window.matchMedia(query).matches)
}
