import type { QueryClient } from '@tanstack/react-query'
import type { ChannelOutput } from '../../../shared/contract'
import type { Client } from './client'
import { backendQuery } from './query-cache'

/** The library's facts for the frame (its name, its id): read at start and when the library's own row changes. */
export const libraryInfoQuery = (client: Client) =>
  backendQuery(client, 'library:info', {}, { tables: ['library_meta'] })

/** A new name, shown at once wherever the facts are (the rest of them follow the rename's change event). */
export function settleRename(renamed: ChannelOutput<'library:rename'>, cache: QueryClient): void {
  cache.setQueriesData<ChannelOutput<'library:info'>>(
    { queryKey: ['library:info'] },
    (old) => old && { ...old, name: renamed.name },
  )
}
