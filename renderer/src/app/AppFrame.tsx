import { useState } from 'react'
import { AnalysesPage, PluginCachesPage } from '../features/analyses/index'
import { AssetDetailPage } from '../features/asset-detail/index'
import { JobsPage } from '../features/batches/index'
import { LibraryView, useAssetNeighbours } from '../features/browse/index'
import { LibraryInfoPage } from '../features/settings/index'
import { SimilarPage } from '../features/similar/index'
import { StatsPage } from '../features/stats/index'
import { ExecutionPage, WorkflowPage, WorkflowsPage } from '../features/workflows/index'
import type { View } from './navigation-slice'
import { useAppStore } from './use-app-store'

const NAVIGATION: { view: View; label: string }[] = [
  { view: 'library', label: 'Library' },
  { view: 'similar', label: 'Near-duplicates' },
  { view: 'stats', label: 'Stats' },
  { view: 'workflows', label: 'Workflows' },
  { view: 'analyses', label: 'Analyses' },
  { view: 'jobs', label: 'Jobs' },
  { view: 'settings', label: 'Settings' },
]

// Pages that belong to an entry of the navigation: the detail page to the library, the plugin caches
// to Analyses, a workflow and a run to Workflows. Their entry stays marked.
const SECTIONS: Partial<Record<View, View>> = {
  asset: 'library',
  caches: 'analyses',
  workflow: 'workflows',
  execution: 'workflows',
}

/** The window's frame: title bar with the library name, side navigation (a menu on narrow windows), and the page. */
export function AppFrame() {
  const view = useAppStore((s) => s.view)
  const navigate = useAppStore((s) => s.navigate)
  const libraryName = useAppStore((s) => s.info?.name)
  const [menuOpen, setMenuOpen] = useState(false)
  const section = SECTIONS[view] ?? view

  return (
    <div className="app-frame">
      <header className="title-bar">
        <button
          type="button"
          className="nav-toggle"
          aria-expanded={menuOpen}
          aria-controls="side-nav"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          <span aria-hidden="true">☰</span> Menu
        </button>
        <span className="brand">Framevault</span>
        {libraryName && <span className="library-name">{libraryName}</span>}
      </header>
      <nav id="side-nav" className={menuOpen ? 'side-nav open' : 'side-nav'} aria-label="Main">
        {NAVIGATION.map((item) => (
          <button
            key={item.view}
            type="button"
            aria-current={item.view === section ? 'page' : undefined}
            onClick={() => {
              setMenuOpen(false)
              if (item.view === 'library' && view === 'asset') useAppStore.getState().closeAsset()
              else navigate(item.view)
            }}
          >
            {item.label}
          </button>
        ))}
      </nav>
      {menuOpen && <div className="nav-backdrop" aria-hidden="true" onClick={() => setMenuOpen(false)} />}
      <main className="content">
        <Page view={view} />
      </main>
    </div>
  )
}

function Page({ view }: { view: View }) {
  switch (view) {
    case 'library':
      return <LibraryView />
    case 'asset':
      return <AssetPage />
    case 'settings':
      return <LibraryInfoPage />
    case 'stats':
      return <StatsPage />
    case 'analyses':
      return <AnalysesPage />
    case 'caches':
      return <PluginCachesPage />
    case 'workflows':
      return <WorkflowsPage />
    case 'workflow':
      return <WorkflowPage />
    case 'execution':
      return <ExecutionPage />
    case 'jobs':
      return <JobsPage />
    case 'similar':
      return <SimilarPage />
  }
}

/** The detail page of the routed asset, with its neighbours in the library's current order. */
function AssetPage() {
  const assetId = useAppStore((s) => s.assetId)
  const closeAsset = useAppStore((s) => s.closeAsset)
  const { onPrev, onNext, onDeleted } = useAssetNeighbours(assetId)
  if (!assetId) return null
  return (
    <AssetDetailPage
      key={assetId}
      id={assetId}
      onClose={closeAsset}
      onPrev={onPrev}
      onNext={onNext}
      onDeleted={onDeleted}
    />
  )
}
