import { useBackendQuery } from '../../api/queries'

/**
 * Who this window is signed in as on a team hub (name and role); null on a person's own library. People and their
 * roles change rarely and are not a tracked table: read each time a page asks.
 */
export function useSignedIn() {
  const me = useBackendQuery('people:me', {}, { tables: [], untracked: true })
  return me.data?.person ?? null
}
