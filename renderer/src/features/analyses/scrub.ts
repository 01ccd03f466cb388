import type { PointerEvent } from 'react'

// How far a press on a range may move and still be a click on it (which seeks to its start).
const DRAG_PX = 4

/**
 * A pointer handler for a track over `span` seconds: pressing its background (or anywhere, with
 * `anywhere`) seeks to the time under the pointer, and dragging from anywhere on it scrubs; a press on a
 * range that does not move is left to be that range's click.
 */
export function scrubber(span: number, seek: (seconds: number) => void, anywhere = false) {
  return (event: PointerEvent<HTMLElement>) => {
    if (event.button !== 0 || span <= 0) return
    const track = event.currentTarget
    const { pointerId, clientX: startX } = event
    const timeAt = (x: number) => {
      const box = track.getBoundingClientRect()
      return (Math.min(box.width, Math.max(0, x - box.left)) / Math.max(1, box.width)) * span
    }
    let dragging = anywhere || event.target === track
    const take = () => {
      track.setPointerCapture(pointerId)
      track.classList.add('scrubbing')
    }
    if (dragging) {
      take()
      seek(timeAt(startX))
    }
    const move = (moved: globalThis.PointerEvent) => {
      if (moved.pointerId !== pointerId) return
      if (!dragging && Math.abs(moved.clientX - startX) < DRAG_PX) return
      if (!dragging) take()
      dragging = true
      seek(timeAt(moved.clientX))
    }
    const end = (ended: globalThis.PointerEvent) => {
      if (ended.pointerId !== pointerId) return
      track.classList.remove('scrubbing')
      track.removeEventListener('pointermove', move)
      track.removeEventListener('pointerup', end)
      track.removeEventListener('pointercancel', end)
    }
    track.addEventListener('pointermove', move)
    track.addEventListener('pointerup', end)
    track.addEventListener('pointercancel', end)
  }
}
