import type { Client } from '../api/client'

// Why the window's host does not serve now, in words; null while it does.
let lost: string | null = null
const listeners = new Set<() => void>()

const hostLost = () =>
  `Nothing answers at ${window.location.origin} just now. Framevault reconnects by itself when it is back; until then, what you see may be out of date.`

/**
 * Follows whether the host serves: whether it answers (the web host's, a hub's live feed), and whether a hub's
 * catalogue does (`catalogue:status`: restarting, or out of reach). `back` runs when it serves again after either,
 * so what failed or changed meanwhile is read again. Returns the unsubscribe.
 */
export function followConnection(client: Pick<Client, 'onConnection' | 'onEvent'>, back: () => void): () => void {
  let answers = true
  let catalogueAway: string | null = null
  const update = () => {
    const was = lost
    lost = !answers
      ? hostLost()
      : catalogueAway &&
        `${catalogueAway} Framevault reads it all again when it is back; until then, what you see may be out of date.`
    if (lost === was) return
    for (const listener of [...listeners]) listener()
    if (lost === null) back()
  }
  const unfollowHost =
    client.onConnection?.((now) => {
      answers = now
      update()
    }) ?? (() => undefined)
  const unfollowCatalogue = client.onEvent((event) => {
    if (event.name !== 'catalogue:status') return
    catalogueAway = event.payload.available ? null : event.payload.message
    update()
  })
  return () => {
    unfollowHost()
    unfollowCatalogue()
  }
}

/** Subscribes to the host's connection (for useSyncExternalStore). */
export function subscribeConnection(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Why the host does not serve now, in words; null while it does. */
export const lostNow = (): string | null => lost
