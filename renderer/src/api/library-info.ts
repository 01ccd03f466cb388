import type { QueryClient } from '@tanstack/react-query'
import type { ChannelOutput } from '../../../shared/contract'
import type { ErrorShape } from '../../../shared/errors'
import type { Client } from './client'
import { backendQuery } from './query-cache'

const INFO = ['library:info']

/** The library's facts for the frame (its name, its id): read at start and when the library's own row changes. */
export const libraryInfoQuery = (client: Client) => backendQuery(client, 'library:info', {})

const LOST = new Set(['unreachable', 'unauthorized', 'unavailable'])

/**
 * The error of a read of the library's facts (the frame's or a page's) that says the backend is lost, if any. A hub's
 * catalogue away (restarting) once any copy of the facts was read is not: the window keeps what it shows under the
 * banner that says so (connection.ts), and a page whose own copy was never read says so on the page, rather than
 * trading the window for a screen of its own (a copy never read loses its error each time it is asked again, so the
 * window would flip between the two).
 */
export function lostBackend(cache: QueryClient): ErrorShape | undefined {
  const copies = cache.getQueryCache().findAll({ queryKey: INFO })
  const read = copies.some((query) => query.state.data !== undefined)
  return (
    copies
      .map((query) => query.state.error as ErrorShape | null)
      .find((error) => error && LOST.has(error.code) && !(read && error.code === 'unavailable')) ?? undefined
  )
}

/** Reads every copy of the library's facts again (a window back from a lost backend). */
export const readInfoAgain = (cache: QueryClient) => cache.refetchQueries({ queryKey: INFO })

/** A new name, shown at once wherever the facts are (the rest of them follow the rename's change event). */
export function settleRename(renamed: ChannelOutput<'library:rename'>, cache: QueryClient): void {
  cache.setQueriesData<ChannelOutput<'library:info'>>(
    { queryKey: INFO },
    (old) => old && { ...old, name: renamed.name, nameVersion: renamed.version },
  )
}
