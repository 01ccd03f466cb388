import { useEffect, useState, type RefObject } from 'react'

type MediaRef = RefObject<HTMLMediaElement | null>

// The player's events that move or stop its time (media events do not bubble; the lanes listen in capture).
const FOLLOWED = ['timeupdate', 'seeking', 'seeked', 'play', 'pause', 'loadedmetadata', 'emptied'] as const

/**
 * The player's current time for the lanes: React state at each of the player's events (the ruler's value),
 * and `--playhead` (0–1 of `span`) set on `stage` at each event and every frame while it plays, so the
 * line glides without the lanes rendering again.
 */
export function usePlayhead(media: MediaRef, span: number, stage: RefObject<HTMLElement | null>): number {
  const [time, setTime] = useState(0)
  useEffect(() => {
    let frame = 0
    const paint = () => {
      const now = media.current?.currentTime ?? 0
      stage.current?.style.setProperty('--playhead', String(Math.min(1, Math.max(0, now / span))))
      return now
    }
    const glide = () => {
      paint()
      frame = media.current && !media.current.paused ? requestAnimationFrame(glide) : 0
    }
    const follow = (event: Event) => {
      const element = media.current
      if (!element || event.target !== element) return
      setTime(paint())
      if (frame === 0 && !element.paused) frame = requestAnimationFrame(glide)
    }
    for (const name of FOLLOWED) document.addEventListener(name, follow, true)
    // Where the player already is (lanes shown after a seek): on the next frame, as an event would.
    const first = requestAnimationFrame(() => setTime(paint()))
    return () => {
      for (const name of FOLLOWED) document.removeEventListener(name, follow, true)
      cancelAnimationFrame(frame)
      cancelAnimationFrame(first)
    }
  }, [media, span, stage])
  return time
}

/** Moves the player to `seconds` (within its length). */
export function seekPlayer(media: MediaRef, seconds: number): void {
  const element = media.current
  if (!element) return
  const end = Number.isFinite(element.duration) ? element.duration : Infinity
  element.currentTime = Math.min(end, Math.max(0, seconds))
}
