import type { EventMessage, EventName, EventPayload } from '../../shared/contract'

type Listener = (event: EventMessage) => void

/** Push events of one library; every host forwards them to its clients. */
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
  }
}
export type EventBus = ReturnType<typeof createEventBus>
