import type { StateCreator } from 'zustand'
import { decodeBrowse, encodeBrowse, type BrowseView } from '../features/browse/browse-url'
import type { AppState } from './index'

/** The app's pages; `asset` is one asset's detail, opened from the library. */
export const VIEWS = ['library', 'asset', 'stats', 'settings', 'workflows', 'analyses'] as const
export type View = (typeof VIEWS)[number]

/** Where the URL hash points: a page, the asset of the detail page, and the library view to return to. */
export interface Route {
  view: View
  assetId: string | null
  /**
   * The library view; undefined when the hash carries none (`#/stats`, a bare `#/asset/<id>`), so
   * following it keeps the current one. A bare `#/library` is the default view.
   */
  browse?: BrowseView
}

// Links from before the settings page was named so.
const ALIASES: Record<string, View> = { info: 'settings' }

/** The route a URL hash names (`#/library?q=…`, `#/asset/<id>?…`, `#/stats`), or undefined when it names none. */
export function routeFromHash(hash: string): Route | undefined {
  const body = hash.replace(/^#\/?/, '')
  const at = body.indexOf('?')
  const [path, search] = at < 0 ? [body, ''] : [body.slice(0, at), body.slice(at + 1)]
  const [head, ...rest] = path.split('/')
  const view = ALIASES[head] ?? head
  if (!(VIEWS as readonly string[]).includes(view)) return undefined
  let assetId: string | null = null
  if (view === 'asset') {
    assetId = decodeURIComponent(rest.join('/'))
    if (assetId === '') return undefined
  }
  const carries = view === 'library' || (view === 'asset' && search !== '')
  return { view: view as View, assetId, browse: carries ? decodeBrowse(search) : undefined }
}

/** The URL hash of a route; library and asset pages carry the library view's state. */
export function hashOfRoute(route: Route): string {
  const search = route.browse ? encodeBrowse(route.browse) : ''
  const query = search === '' ? '' : `?${search}`
  if (route.view === 'library') return `#/library${query}`
  if (route.view === 'asset' && route.assetId) return `#/asset/${encodeURIComponent(route.assetId)}${query}`
  return `#/${route.view}`
}

export interface NavigationSlice {
  view: View
  /** The asset the detail page shows (view `asset`). */
  assetId: string | null
  navigate(view: View): void
  openAsset(id: string): void
  /** Back from the detail page to the library view it was opened from. */
  closeAsset(): void
  /** Shows what a URL hash names (a reload, a pasted link, back/forward). */
  applyRoute(route: Route): void
}

/** Which page is shown. Opening the settings page fetches fresh facts (changes elsewhere refetch them only while it is shown). */
export function createNavigationSlice(initial: Route): StateCreator<AppState, [], [], NavigationSlice> {
  return (set, get) => ({
    view: initial.view,
    assetId: initial.assetId,
    navigate(view) {
      if (view === get().view) return
      set({ view, assetId: view === 'asset' ? get().assetId : null })
      if (view === 'settings') void get().loadInfo()
    },
    openAsset(id) {
      get().setBrowse({ anchor: id }, { view: 'asset', assetId: id })
    },
    closeAsset() {
      set({ view: 'library', assetId: null })
    },
    applyRoute(route) {
      const opened = route.view !== get().view
      const kept = route.assetId ? { anchor: route.assetId } : {}
      // Page and library view change in one update: the hash follower must see one step, not the
      // page first (with the old view) and the view after.
      get().setBrowse(route.browse ?? kept, { view: route.view, assetId: route.assetId })
      if (opened && route.view === 'settings') void get().loadInfo()
    },
  })
}
