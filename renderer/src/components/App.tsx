import { useEffect } from 'react'
import { api } from '../api/index'
import { viewFromHash } from '../store/navigation-slice'
import { useAppStore } from '../store/use-app-store'
import { AppFrame } from './AppFrame'
import { ErrorScreen } from './ErrorScreen'

/** Root: loads the library facts, follows the URL hash, and blocks on a lost backend. */
export function App() {
  const view = useAppStore((s) => s.view)
  const navigate = useAppStore((s) => s.navigate)
  const loadInfo = useAppStore((s) => s.loadInfo)
  const infoError = useAppStore((s) => s.infoError)

  useEffect(() => {
    void loadInfo()
    return api.onEvent((event) => {
      if (event.name === 'library:changed') void loadInfo()
    })
  }, [loadInfo])

  useEffect(() => {
    const follow = () => navigate(viewFromHash(window.location.hash) ?? 'info')
    window.addEventListener('hashchange', follow)
    return () => window.removeEventListener('hashchange', follow)
  }, [navigate])

  useEffect(() => {
    if (viewFromHash(window.location.hash) !== view) window.location.hash = `/${view}`
  }, [view])

  if (infoError?.code === 'unreachable' || infoError?.code === 'unauthorized') {
    return <ErrorScreen error={infoError} onRetry={() => void loadInfo()} />
  }
  return <AppFrame />
}
