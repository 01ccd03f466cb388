import type { EventMessage, EventName, EventPayload } from '../../shared/contract'

type Listener = (event: EventMessage) => void

/**
 * Push events of one library; every host forwards them to its clients. `library:changed` is sent by
 * the change feed alone (main/db/change-feed.ts), never by hand (eslint.config.js).
 */
export function createEventBus() {
  const listeners = new Set<Listener>()
  return {
    emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
      const event = { name, payload } as EventMessage
      for (const listener of listeners) listener(event)
    },
    /** Subscribes to every event; returns the unsubscribe function. */
    subscribe(listener: Listener): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    /** How many listeners there are now. */
    listenerCount: (): number => listeners.size,
  }
}
export type EventBus = ReturnType<typeof createEventBus>
