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
 * catalogue away (restarting) once the facts were read is not: the window keeps what it shows under the banner that
 * says so (connection.ts), rather than trading it for a screen of its own.
 */
export function lostBackend(cache: QueryClient): ErrorShape | undefined {
  return (
    cache
      .getQueryCache()
      .findAll({ queryKey: INFO })
      .map((query) => ({ error: query.state.error as ErrorShape | null, read: query.state.data !== undefined }))
      .find(({ error, read }) => error && LOST.has(error.code) && !(read && error.code === 'unavailable'))?.error ??
    undefined
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
