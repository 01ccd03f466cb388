import { QueryClientProvider, useQuery } from '@tanstack/react-query'
import { useEffect } from 'react'
import { api } from '../api/index'
import { libraryInfoQuery } from '../api/library-info'
import { followJobs } from '../api/job-tracker'
import { queryCache } from '../api/queries'
import { followQueries } from '../api/query-events'
import { followBackend, loadAll } from './follow-backend'
import { followHash } from './follow-hash'
import { useAppStore } from './use-app-store'
import { AppFrame } from './AppFrame'
import { ErrorScreen } from './ErrorScreen'

// Reads again all the window shows, once the backend is back.
function retry(): void {
  void queryCache.refetchQueries({ type: 'active' })
  loadAll(useAppStore.getState())
}

/** Root: loads and follows the backend's state (store and query cache), follows the URL hash, and blocks on a lost backend. */
export function App() {
  // Outside the cache's provider: the frame below is not drawn on a lost backend.
  const infoError = useQuery(libraryInfoQuery(api), queryCache).error

  useEffect(() => followBackend(api, useAppStore), [])
  useEffect(() => followQueries(api, queryCache), [])
  useEffect(() => followJobs(api, queryCache), [])
  useEffect(() => followHash(useAppStore), [])

  if (infoError?.code === 'unreachable' || infoError?.code === 'unauthorized') {
    return <ErrorScreen error={infoError} onRetry={retry} />
  }
  return (
    <QueryClientProvider client={queryCache}>
      <AppFrame />
    </QueryClientProvider>
  )
}
