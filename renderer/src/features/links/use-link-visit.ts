import { useBackendQuery } from '../../api/queries'

/** The review link this window was opened by (its collection, whether it downloads); null for anyone else. */
export function useLinkVisit() {
  return useBackendQuery('links:visiting', {}).data?.visit ?? null
}
