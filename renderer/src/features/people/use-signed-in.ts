import { useBackendQuery } from '../../api/queries'

/**
 * Who this window is signed in as on a team hub (name and role); null on a person's own library. Read again when
 * people change, so a new role (and what it offers) shows at once.
 */
export function useSignedIn() {
  const me = useBackendQuery('people:me', {})
  return me.data?.person ?? null
}

/** The name of an admin this window's person can ask for what their role does not allow; null when unknown. */
export function useAdminToAsk(): string | null {
  return useBackendQuery('people:me', {}).data?.admin ?? null
}
