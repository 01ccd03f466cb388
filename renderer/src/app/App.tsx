import { QueryClientProvider } from '@tanstack/react-query'
import { useEffect } from 'react'
import { api } from '../api/index'
import { followJobs } from '../api/job-tracker'
import { queryCache } from '../api/queries'
import { followQueries } from '../api/query-events'
import { followBackend, loadAll } from './follow-backend'
import { followHash } from './follow-hash'
import { useAppStore } from './use-app-store'
import { AppFrame } from './AppFrame'
import { ErrorScreen } from './ErrorScreen'

/** Root: loads and follows the backend's state (store and query cache), follows the URL hash, and blocks on a lost backend. */
export function App() {
  const infoError = useAppStore((s) => s.infoError)

  useEffect(() => followBackend(api, useAppStore), [])
  useEffect(() => followQueries(api, queryCache), [])
  useEffect(() => followJobs(api, queryCache), [])
  useEffect(() => followHash(useAppStore), [])

  if (infoError?.code === 'unreachable' || infoError?.code === 'unauthorized') {
    return <ErrorScreen error={infoError} onRetry={() => loadAll(useAppStore.getState())} />
  }
  return (
    <QueryClientProvider client={queryCache}>
      <AppFrame />
    </QueryClientProvider>
  )
}
