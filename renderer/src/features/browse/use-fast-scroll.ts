import { useEffect, useState, type RefObject } from 'react'

// Above this speed (viewport heights a second) rows pass by before their posters could be fetched and decoded:
// a scroll-bar drag or a hard fling. A wheel (about 11 viewports a second in a 650 px grid) stays below it, so
// the cards it brings in show posters as before.
const FAST_VIEWPORTS_PER_S = 24
// Below this speed a fast scroll counts as slowed down; the gap between the two keeps a fling that hovers
// around one speed from switching back and forth.
const SLOW_VIEWPORTS_PER_S = 10
// No scroll event for this long: the scroll has stopped (a drag held still, the end of a fling).
const SETTLE_MS = 120
// Scroll events further apart than this do not make a speed: the first event of a scroll, or a single jump
// (a key, a click on the track) is slow, so it shows posters at once.
const MAX_SAMPLE_GAP_MS = 100

/**
 * Whether `scroller` is scrolling fast now (see FAST_VIEWPORTS_PER_S): the grid then mounts light placeholders
 * instead of posters. Turns false once the speed drops or no scroll came for SETTLE_MS, so nothing stays a
 * placeholder after the scroll stops.
 */
export function useFastScroll(scroller: RefObject<HTMLElement | null>): boolean {
  const [fast, setFast] = useState(false)
  useEffect(() => {
    const element = scroller.current
    if (!element) return
    let lastTop = element.scrollTop
    let lastTime = -Infinity
    let isFast = false
    let settle: ReturnType<typeof setTimeout> | undefined
    const change = (next: boolean) => {
      if (next === isFast) return
      isFast = next
      setFast(next)
    }
    const onScroll = (event: Event) => {
      const top = element.scrollTop
      const gap = event.timeStamp - lastTime
      const moved = Math.abs(top - lastTop)
      lastTop = top
      lastTime = event.timeStamp
      if (gap <= MAX_SAMPLE_GAP_MS && element.clientHeight > 0) {
        const speed = ((moved / element.clientHeight) * 1000) / Math.max(gap, 1)
        if (speed > FAST_VIEWPORTS_PER_S) change(true)
        else if (speed < SLOW_VIEWPORTS_PER_S) change(false)
      }
      clearTimeout(settle)
      if (isFast) settle = setTimeout(() => change(false), SETTLE_MS)
    }
    // Capture: at its own target this runs before the virtualizer's listener renders the new rows, so reading the
    // position finds the layout clean instead of forcing one over the rows just mounted.
    element.addEventListener('scroll', onScroll, { passive: true, capture: true })
    return () => {
      element.removeEventListener('scroll', onScroll, { capture: true })
      clearTimeout(settle)
    }
  }, [scroller])
  return fast
}
