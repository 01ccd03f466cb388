import type { ChannelOutput, EventMessage } from '../../../shared/contract'
import type { Envelope } from '../../../shared/errors'

/** Where a window is in the library's change log (see `createEventCursor`). */
export type EventCursor = ReturnType<typeof createEventCursor>

/**
 * The last change a window heard of: set from `events:cursor` before its first read, moved by each
 * `library:changed`. It drops a change heard already (a catch-up and the live stream may both bring
 * it) and answers `events:reload` (changes missed for good) by reloading the page.
 */
export function createEventCursor(reload: () => void = () => window.location.reload()) {
  let seq: number | null = null
  return {
    /** The last change heard of; null before `events:cursor` answered. */
    get seq(): number | null {
      return seq
    },
    /** Starts at `events:cursor`'s answer. */
    start(at: number): void {
      seq = at
    },
    /** Whether listeners should get `event`: anything but a change heard already or a reload. */
    accept(event: EventMessage): boolean {
      if (event.name === 'events:reload') {
        reload()
        return false
      }
      if (event.name !== 'library:changed') return true
      if (seq !== null && event.payload.seq <= seq) return false
      seq = event.payload.seq
      return true
    },
  }
}

/**
 * The window's first call: where the change log is. Every other call waits for it, so a change made
 * after any answer has a later sequence and is heard (or caught up on).
 */
export async function startCursor(
  cursor: EventCursor,
  ask: () => Promise<Envelope<ChannelOutput<'events:cursor'>>>,
): Promise<void> {
  const reply = await ask()
  // Without it (the host unreachable) the calls that wait fail on their own; events then come live only.
  if (reply.ok) cursor.start(reply.data.seq)
}
