import { useEffect, useState, type RefObject } from 'react'
import { flushSync } from 'react-dom'

// Above this speed (viewport heights a second) rows pass by before their posters could be fetched and decoded:
// a scroll-bar drag or a hard fling. A wheel (about 12 viewports a second in a 620 px grid) stays below it, so
// the cards it brings in show posters as before.
const FAST_VIEWPORTS_PER_S = 24
// Below this speed a fast scroll counts as slowed down; the gap between the two keeps a fling that hovers
// around one speed from switching back and forth.
const SLOW_VIEWPORTS_PER_S = 12
// The speed is the distance over the scroll events of this last stretch of time: the time stamps of single
// events jitter by several milliseconds (a wheel's 120 px between two events 4 ms apart read as a drag).
const WINDOW_MS = 100
// ... and over at least this long: the first event of a scroll, or a single jump (a key, a click on the track),
// gives no speed and leaves the posters on.
const MIN_SPAN_MS = 30
// No scroll event for this long: the scroll has stopped (a drag held still, the end of a fling).
const SETTLE_MS = 120

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
    const samples: Array<{ time: number; top: number }> = []
    let isFast = false
    let settle: ReturnType<typeof setTimeout> | undefined
    const change = (next: boolean) => {
      if (next === isFast) return
      isFast = next
      // Going fast renders at once, before the virtualizer's own scroll listener renders the rows this scroll
      // brings in: those come in light. Slowing down can wait for React's next render.
      if (next) flushSync(() => setFast(true))
      else setFast(false)
    }
    const onScroll = (event: Event) => {
      const now = event.timeStamp
      samples.push({ time: now, top: element.scrollTop })
      while (now - samples[0]!.time > WINDOW_MS) samples.shift()
      const first = samples[0]!
      const span = now - first.time
      if (span >= MIN_SPAN_MS && element.clientHeight > 0) {
        const moved = Math.abs(element.scrollTop - first.top) / element.clientHeight
        const speed = (moved * 1000) / span
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
