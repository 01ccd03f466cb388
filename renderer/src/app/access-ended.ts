import type { Client } from '../api/client'
import type { AccessEnded } from '../../../shared/contract'
import type { ErrorShape } from '../../../shared/errors'

let ended: AccessEnded | null = null
const listeners = new Set<() => void>()

/** Keeps the `access:ended` a window's event stream sends last: the window shows nothing else from then on. */
export function followAccessEnded(client: Pick<Client, 'onEvent'>): () => void {
  return client.onEvent((event) => {
    if (event.name !== 'access:ended') return
    ended = event.payload
    for (const listener of [...listeners]) listener()
  })
}

/** Subscribes to the window's end of access (for useSyncExternalStore). */
export function subscribeAccessEnded(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Why this window's access ended, once its stream said so; null while it lasts. */
export const accessEndedNow = (): AccessEnded | null => ended

/** Why access ended, as a refused request's details tell it (a 401 to a token that was taken away); else null. */
export function accessEndedIn(error: ErrorShape | undefined): AccessEnded | null {
  if (error?.code !== 'unauthorized') return null
  const details = error.details as { ended?: AccessEnded } | undefined
  return details?.ended ?? null
}
