import { useEffect } from 'react'
import { api } from '../api/index'
import { followBackend, loadAll } from '../store/follow-backend'
import { viewFromHash } from '../store/navigation-slice'
import { useAppStore } from '../store/use-app-store'
import { AppFrame } from './AppFrame'
import { ErrorScreen } from './ErrorScreen'

/** Root: loads and follows the backend's state, follows the URL hash, and blocks on a lost backend. */
export function App() {
  const view = useAppStore((s) => s.view)
  const navigate = useAppStore((s) => s.navigate)
  const infoError = useAppStore((s) => s.infoError)

  useEffect(() => followBackend(api, useAppStore), [])

  useEffect(() => {
    const follow = () => navigate(viewFromHash(window.location.hash) ?? 'info')
    window.addEventListener('hashchange', follow)
    return () => window.removeEventListener('hashchange', follow)
  }, [navigate])

  useEffect(() => {
    if (viewFromHash(window.location.hash) !== view) window.location.hash = `/${view}`
  }, [view])

  if (infoError?.code === 'unreachable' || infoError?.code === 'unauthorized') {
    return <ErrorScreen error={infoError} onRetry={() => loadAll(useAppStore.getState())} />
  }
  return <AppFrame />
}
