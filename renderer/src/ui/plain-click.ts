import type { MouseEvent } from 'react'

/** True for a plain left click: a link handled in the app; with a modifier the browser opens it its own way. */
export function isPlainClick(event: MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey
}
