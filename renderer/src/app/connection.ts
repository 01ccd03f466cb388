import type { Client } from '../api/client'

let connected = true
const listeners = new Set<() => void>()

/**
 * Follows whether the host answers (the web host's, a hub's live feed); `back` runs when it answers again after a
 * loss, so what failed meanwhile is read again. Returns the unsubscribe.
 */
export function followConnection(client: Pick<Client, 'onConnection'>, back: () => void): () => void {
  return (
    client.onConnection?.((now) => {
      connected = now
      for (const listener of [...listeners]) listener()
      if (now) back()
    }) ?? (() => undefined)
  )
}

/** Subscribes to the host's connection (for useSyncExternalStore). */
export function subscribeConnection(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Whether the host answers now. */
export const connectedNow = (): boolean => connected
