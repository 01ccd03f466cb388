import { useBackendQuery } from '../../api/queries'

/** The review link this window was opened by (its collection, whether it downloads); null for anyone else. */
export function useLinkVisit() {
  return useBackendQuery('links:visiting', {}).data?.visit ?? null
}

/** Whether this window may download originals and zips: always, but for a review link that does not allow it. */
export function useMayDownload(): boolean {
  const visit = useLinkVisit()
  return visit === null || visit.downloads
}
