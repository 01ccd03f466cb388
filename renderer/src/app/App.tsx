import { QueryClientProvider, useQuery } from '@tanstack/react-query'
import { useEffect, useSyncExternalStore } from 'react'
import { api } from '../api/index'
import { libraryInfoQuery, lostBackend, readInfoAgain } from '../api/library-info'
import { followJobs } from '../api/job-tracker'
import { followThumbnails } from '../api/media-lists'
import { queryCache } from '../api/queries'
import { followQueries } from '../api/query-events'
import { followImports } from '../features/import/index'
import { followBackups } from '../features/settings/index'
import { followHash } from './follow-hash'
import { useAppStore } from './use-app-store'
import { AppFrame } from './AppFrame'
import { ErrorScreen } from './ErrorScreen'
import { AccessEndedScreen } from './AccessEndedScreen'
import { accessEndedIn, accessEndedNow, followAccessEnded, subscribeAccessEnded } from './access-ended'
import { followConnection, lostNow, subscribeConnection } from './connection'

// How often a window opened while a hub's catalogue was away asks for the library's facts again.
const RETRY_AWAY_MS = 2_000

const subscribe = (listener: () => void) => queryCache.getQueryCache().subscribe(listener)

// Reads the facts (each copy, shown or not) and every answer again, once the backend is back.
function retry(): void {
  void readInfoAgain(queryCache)
  void queryCache.invalidateQueries()
}

/** Root: follows the backend's state into the query cache, follows the URL hash, and blocks on a lost backend. */
export function App() {
  // Outside the cache's provider: the frame below is not drawn on a lost backend (any read of the facts says so).
  useQuery(libraryInfoQuery(api), queryCache)
  const infoError = useSyncExternalStore(subscribe, () => lostBackend(queryCache))
  const ended = useSyncExternalStore(subscribeAccessEnded, accessEndedNow)
  const lost = useSyncExternalStore(subscribeConnection, lostNow)

  useEffect(() => followQueries(api, queryCache), [])
  useEffect(() => followImports(api, queryCache), [])
  useEffect(() => followThumbnails(api, queryCache), [])
  useEffect(() => followJobs(api, queryCache), [])
  useEffect(() => followBackups(api, queryCache), [])
  useEffect(() => followHash(useAppStore), [])
  useEffect(() => followAccessEnded(api), [])
  useEffect(() => followConnection(api, retry), [])
  // A hub's catalogue away (restarting) serves again by itself: the facts are asked again until it does.
  const away = infoError?.code === 'unavailable'
  useEffect(() => {
    if (!away) return
    const timer = setInterval(retry, RETRY_AWAY_MS)
    return () => clearInterval(timer)
  }, [away])

  // Access taken away: said by the stream's last event, or by a refused read of the facts (a window opened after).
  const accessEnded = ended ?? accessEndedIn(infoError)
  if (accessEnded) return <AccessEndedScreen ended={accessEnded} />
  if (infoError) {
    return <ErrorScreen error={infoError} onRetry={retry} />
  }
  return (
    <QueryClientProvider client={queryCache}>
      {lost !== null && (
        <p className="connection-lost" role="status" data-testid="connection-lost">
          {lost}
        </p>
      )}
      <AppFrame />
    </QueryClientProvider>
  )
}
