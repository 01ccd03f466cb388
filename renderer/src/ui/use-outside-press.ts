import { useEffect, type RefObject } from 'react'

/** Calls `onOutside` when a pointer goes down outside `ref`'s element while `active` (a popover's light dismiss). */
export function useOutsidePress(ref: RefObject<HTMLElement | null>, active: boolean, onOutside: () => void): void {
  useEffect(() => {
    if (!active) return
    const press = (event: PointerEvent) => {
      const element = ref.current
      if (element && event.target instanceof Node && !element.contains(event.target)) onOutside()
    }
    document.addEventListener('pointerdown', press, true)
    return () => document.removeEventListener('pointerdown', press, true)
  }, [ref, active, onOutside])
}
