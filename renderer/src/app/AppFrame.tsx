import { Fragment, useEffect, useRef, useState } from 'react'
import { AnalysesPage, PluginCachesPage } from '../features/analyses/index'
import { AssetDetailPage } from '../features/asset-detail/index'
import { JobsPage } from '../features/batches/index'
import { FILTERS_ID, FILTERS_TOGGLE_ID, LibraryView, RESULTS_ID, useAssetNeighbours } from '../features/browse/index'
import { HEALTH_ID } from '../features/health/index'
import { InboxBell } from '../features/inbox/index'
import { CheckpointComparePage } from '../features/pipelines/index'
import { RunComparePage } from '../features/run-compare/index'
import { SavedSearchNav } from '../features/saved-searches/index'
import { SignedInBadge, useSignedIn } from '../features/people/index'
import { GuestBanner, useLinkVisit } from '../features/links/index'
import { LibraryInfoPage } from '../features/settings/index'
import { SimilarPage } from '../features/similar/index'
import { StatsPage } from '../features/stats/index'
import { ExecutionPage, WorkflowPage, WorkflowsPage } from '../features/workflows/index'
import { SkipLinks, type SkipLink } from '../ui/SkipLinks'
import { useQuery } from '@tanstack/react-query'
import { mayCall } from '../../../shared/access'
import type { Channel } from '../../../shared/contract'
import { api } from '../api/index'
import { libraryInfoQuery } from '../api/library-info'
import type { View } from './navigation-slice'
import { useAppStore } from './use-app-store'
import { useSearchKey } from './use-search-key'

// Each entry with what its page reads first: an entry whose read the person may not make is not shown (a client
// limited to shared collections sees neither the library's figures, nor its cached analyses, nor its jobs).
const NAVIGATION: { view: View; label: string; reads?: Channel }[] = [
  { view: 'library', label: 'Library' },
  { view: 'similar', label: 'Near-duplicates' },
  { view: 'stats', label: 'Stats', reads: 'library:stats' },
  { view: 'workflows', label: 'Workflows' },
  { view: 'analyses', label: 'Analyses', reads: 'analysis:search' },
  { view: 'jobs', label: 'Jobs', reads: 'jobs:list' },
  { view: 'settings', label: 'Settings' },
]

// Pages that belong to an entry of the navigation: the detail page to the library, the plugin caches
// to Analyses, a workflow, a run and runs compared to Workflows. Their entry stays marked.
const SECTIONS: Partial<Record<View, View>> = {
  asset: 'library',
  caches: 'analyses',
  workflow: 'workflows',
  execution: 'workflows',
  'run-compare': 'workflows',
  'checkpoint-compare': 'library',
}

const MAIN_ID = 'main-content'
// Every page can skip the navigation; a page with regions worth reaching directly names them too.
const CONTENT: SkipLink = { to: MAIN_ID, label: 'Skip to content' }
const SKIPS: Partial<Record<View, SkipLink[]>> = {
  library: [
    { to: RESULTS_ID, label: 'Skip to results' },
    // Closed (as on a narrow window), the filters are reached through their toggle.
    { to: FILTERS_TOGGLE_ID, label: 'Skip to filters', prefer: FILTERS_ID },
  ],
  stats: [CONTENT, { to: HEALTH_ID, label: 'Skip to library health' }],
}

/** The window's frame: title bar with the library name, side navigation (a menu on narrow windows), and the page. */
export function AppFrame() {
  const view = useAppStore((s) => s.view)
  const navigate = useAppStore((s) => s.navigate)
  const libraryName = useQuery(libraryInfoQuery(api)).data?.name
  const [menuOpen, setMenuOpen] = useState(false)
  const menuToggle = useRef<HTMLButtonElement>(null)
  const section = SECTIONS[view] ?? view
  const person = useSignedIn()
  // A review link's guest sees the library (its one collection) alone: no settings, no jobs, no imports.
  const guest = useLinkVisit() !== null
  const navigation = guest
    ? NAVIGATION.filter((item) => item.view === 'library')
    : NAVIGATION.filter((item) => !item.reads || person === null || mayCall(person.role, item.reads, person.scope))
  useSearchKey()
  // Open on a narrow window, the menu closes on Escape as any overlay does, the keyboard back on its button.
  useEffect(() => {
    if (!menuOpen) return
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return
      setMenuOpen(false)
      menuToggle.current?.focus()
    }
    document.addEventListener('keydown', closeOnEscape)
    return () => document.removeEventListener('keydown', closeOnEscape)
  }, [menuOpen])
  // The window's title names the library too: after "Open restored library" it says which one is open.
  useEffect(() => {
    document.title = libraryName ? `${libraryName} – Framevault` : 'Framevault'
  }, [libraryName])

  return (
    <div className="app-frame">
      <SkipLinks links={SKIPS[view] ?? [CONTENT]} />
      <header className="title-bar">
        <button
          ref={menuToggle}
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
        <SignedInBadge />
        <InboxBell />
        <GuestBanner />
      </header>
      <nav id="side-nav" className={menuOpen ? 'side-nav open' : 'side-nav'} aria-label="Main">
        {navigation.map((item) => (
          <Fragment key={item.view}>
            <button
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
            {/* Saved searches are library views: they sit under Library. */}
            {item.view === 'library' && <SavedSearchNav onOpen={() => setMenuOpen(false)} />}
          </Fragment>
        ))}
      </nav>
      {menuOpen && <div className="nav-backdrop" aria-hidden="true" onClick={() => setMenuOpen(false)} />}
      <main id={MAIN_ID} className="content" tabIndex={-1}>
        <Page view={guest && view !== 'asset' ? 'library' : view} />
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
    case 'run-compare':
      return <RunComparePage />
    case 'checkpoint-compare':
      return <CheckpointComparePage />
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
