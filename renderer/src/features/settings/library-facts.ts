import type { Client } from '../../api/client'
import { backendQuery } from '../../api/query-cache'

/**
 * The library's facts as the settings page shows them: they walk the library folder, so they are
 * read each time the page opens and on any change while it shows them (under a key of their own,
 * so the frame's name is not read again on every change).
 */
export const libraryFactsQuery = (client: Client) => ({
  ...backendQuery(client, 'library:info', {}, { anyChange: true, version: 1 }),
  refetchOnMount: 'always' as const,
})
