import type { View } from '../store/navigation-slice'
import { useAppStore } from '../store/use-app-store'
import { EmptyView } from './EmptyView'
import { LibraryInfoPage } from './LibraryInfoPage'
import { LibraryView } from './LibraryView'

const NAVIGATION: { view: View; label: string }[] = [
  { view: 'library', label: 'Library' },
  { view: 'workflows', label: 'Workflows' },
  { view: 'analyses', label: 'Analyses' },
  { view: 'info', label: 'Library info' },
]

/** The window's frame: title bar with the library name, side navigation, and the view. */
export function AppFrame() {
  const view = useAppStore((s) => s.view)
  const navigate = useAppStore((s) => s.navigate)
  const libraryName = useAppStore((s) => s.info?.name)

  return (
    <div className="app-frame">
      <header className="title-bar">
        <span className="brand">Framevault</span>
        {libraryName && <span className="library-name">{libraryName}</span>}
      </header>
      <nav className="side-nav" aria-label="Main">
        {NAVIGATION.map((item) => (
          <button
            key={item.view}
            type="button"
            aria-current={item.view === view ? 'page' : undefined}
            onClick={() => navigate(item.view)}
          >
            {item.label}
          </button>
        ))}
      </nav>
      <main className="content">
        {view === 'info' ? <LibraryInfoPage /> : view === 'library' ? <LibraryView /> : <EmptyView view={view} />}
      </main>
    </div>
  )
}
