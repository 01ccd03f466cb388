import type { StateCreator } from 'zustand'
import {
  DEFAULT_ANALYSES_QUERY,
  decodeAnalysesQuery,
  encodeAnalysesQuery,
  type AnalysesQuery,
} from '../features/analyses/analyses-url'
import { decodeBrowse, encodeBrowse, type BrowseView } from '../features/browse/browse-url'
import { decodeCompareCheckpoints, encodeCompareCheckpoints } from '../features/pipelines/checkpoint-compare-url'
import { decodeCompareRuns, encodeCompareRuns } from '../features/run-compare/run-compare-url'
import {
  DEFAULT_WORKFLOW_PAGE_QUERY,
  DEFAULT_WORKFLOWS_QUERY,
  decodeWorkflowPageQuery,
  decodeWorkflowsQuery,
  encodeWorkflowPageQuery,
  encodeWorkflowsQuery,
  type WorkflowPageQuery,
  type WorkflowsQuery,
} from '../features/workflows/workflows-url'
import type { AppState } from './store'

// Routes carry the library view; features that link to it (stats) name its type through the routes.
export type { BrowseView }

/**
 * The app's pages; `asset` is one asset's detail, opened from the library; `similar` the near-duplicates review;
 * `run-compare` runs of a workflow side by side; `checkpoint-compare` checkpoints of a pipeline side by side.
 */
export const VIEWS = [
  'library',
  'asset',
  'stats',
  'settings',
  'workflows',
  'workflow',
  'execution',
  'run-compare',
  'checkpoint-compare',
  'analyses',
  'caches',
  'jobs',
  'similar',
] as const
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
  /** The global Analyses view's filters (`#/analyses?analyzer=…`); only that page carries them. */
  analyses?: AnalysesQuery
  /** The plugin database the Plugin caches page shows (`#/analyses/caches?db=…`); '' for none yet. */
  cachesDb?: string
  /** The Workflows list's search and filters (`#/workflows?q=…`); only that page carries them. */
  workflows?: WorkflowsQuery
  /** The workflow (`#/workflow/<id>`) or run (`#/execution/<id>`) the page shows. */
  workflowId?: string | null
  executionId?: string | null
  /** The version the workflow page shows and the one it is compared with (`#/workflow/<id>?version=2&compare=1`). */
  workflowPage?: WorkflowPageQuery
  /** The runs compared, in their columns' order (`#/run-compare?runs=a,b`). */
  compareRuns?: string[]
  /** The pipeline checkpoints compared, in their columns' order (`#/checkpoint-compare?ids=4,9`). */
  compareCheckpoints?: number[]
}

// Links from before the settings page was named so.
const ALIASES: Record<string, View> = { info: 'settings' }

/** The route a URL hash names (`#/library?q=…`, `#/asset/<id>?…`, `#/stats`), or undefined when it names none. */
export function routeFromHash(hash: string): Route | undefined {
  const body = hash.replace(/^#\/?/, '')
  const at = body.indexOf('?')
  const [path, search] = at < 0 ? [body, ''] : [body.slice(0, at), body.slice(at + 1)]
  const [head, ...rest] = path.split('/')
  // The Plugin caches page lives under the Analyses page's path; `#/caches` names nothing.
  if (head === 'caches') return undefined
  if (head === 'analyses' && rest[0] === 'caches') {
    return { view: 'caches', assetId: null, cachesDb: new URLSearchParams(search).get('db') ?? '' }
  }
  const view = ALIASES[head] ?? head
  if (!(VIEWS as readonly string[]).includes(view)) return undefined
  if (view === 'run-compare') return { view, assetId: null, compareRuns: decodeCompareRuns(search) }
  if (view === 'checkpoint-compare') {
    return { view, assetId: null, compareCheckpoints: decodeCompareCheckpoints(search) }
  }
  // Workflow and run ids may hold ':' and '/' (hashes, ComfyUI subgraph ids): the rest of the path is the id.
  if (view === 'workflow' || view === 'execution') {
    const id = decodedPart(rest.join('/'))
    if (!id) return undefined
    return view === 'workflow'
      ? { view, assetId: null, workflowId: id, executionId: null, workflowPage: decodeWorkflowPageQuery(search) }
      : { view, assetId: null, workflowId: null, executionId: id }
  }
  let assetId: string | null = null
  if (view === 'asset') {
    assetId = decodeURIComponent(rest.join('/'))
    if (assetId === '') return undefined
  }
  const carries = view === 'library' || (view === 'asset' && search !== '')
  const analyses = view === 'analyses' ? decodeAnalysesQuery(search) : undefined
  const workflows = view === 'workflows' ? decodeWorkflowsQuery(search) : undefined
  return { view: view as View, assetId, browse: carries ? decodeBrowse(search) : undefined, analyses, workflows }
}

// A pasted link may hold a broken escape ("%E0%A4"): it names no page rather than failing the app.
function decodedPart(part: string): string | undefined {
  try {
    return decodeURIComponent(part)
  } catch {
    return undefined
  }
}

/** The URL hash of a route; library and asset pages carry the library view's state. */
export function hashOfRoute(route: Route): string {
  const search = route.browse ? encodeBrowse(route.browse) : ''
  const query = search === '' ? '' : `?${search}`
  if (route.view === 'library') return `#/library${query}`
  if (route.view === 'asset' && route.assetId) return `#/asset/${encodeURIComponent(route.assetId)}${query}`
  if (route.view === 'caches') {
    return route.cachesDb ? `#/analyses/caches?db=${encodeURIComponent(route.cachesDb)}` : '#/analyses/caches'
  }
  if (route.view === 'workflow' && route.workflowId) {
    const page = route.workflowPage ? encodeWorkflowPageQuery(route.workflowPage) : ''
    return `#/workflow/${encodeURIComponent(route.workflowId)}${page === '' ? '' : `?${page}`}`
  }
  if (route.view === 'execution' && route.executionId) return `#/execution/${encodeURIComponent(route.executionId)}`
  if (route.view === 'run-compare' && route.compareRuns?.length)
    return `#/run-compare?${encodeCompareRuns(route.compareRuns)}`
  if (route.view === 'checkpoint-compare' && route.compareCheckpoints?.length)
    return `#/checkpoint-compare?${encodeCompareCheckpoints(route.compareCheckpoints)}`
  if (route.view === 'workflows' && route.workflows) {
    const list = encodeWorkflowsQuery(route.workflows)
    return list === '' ? '#/workflows' : `#/workflows?${list}`
  }
  const filters = route.view === 'analyses' && route.analyses ? encodeAnalysesQuery(route.analyses) : ''
  if (filters !== '') return `#/analyses?${filters}`
  return `#/${route.view}`
}

export interface NavigationSlice {
  view: View
  /** The asset the detail page shows (view `asset`). */
  assetId: string | null
  /** Where the detail's player starts (seconds into the asset): a search hit's cue or word on screen; null for 0. */
  playFrom: number | null
  /** The global Analyses view's filters. */
  analysesQuery: AnalysesQuery
  setAnalysesQuery(query: AnalysesQuery): void
  /** The plugin database the Plugin caches page shows; '' for none. */
  cachesDb: string
  setCachesDb(path: string): void
  /** The Workflows list's search and filters. */
  workflowsQuery: WorkflowsQuery
  setWorkflowsQuery(query: WorkflowsQuery): void
  /** The workflow page's workflow and the run page's run (views `workflow`, `execution`). */
  workflowId: string | null
  executionId: string | null
  /** The version the workflow page shows and the one it is compared with. */
  workflowPage: WorkflowPageQuery
  setWorkflowPage(query: WorkflowPageQuery): void
  /** The runs the compare page shows. */
  compareRuns: string[]
  /** The checkpoints the checkpoint compare page shows. */
  compareCheckpoints: number[]
  navigate(view: View): void
  /** Opens an asset's detail, its player at `at` seconds when given (a search hit's time). */
  openAsset(id: string, at?: number): void
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
    playFrom: null,
    analysesQuery: initial.analyses ?? DEFAULT_ANALYSES_QUERY,
    setAnalysesQuery(query) {
      set({ analysesQuery: query })
    },
    cachesDb: initial.cachesDb ?? '',
    setCachesDb(path) {
      set({ cachesDb: path })
    },
    workflowsQuery: initial.workflows ?? DEFAULT_WORKFLOWS_QUERY,
    setWorkflowsQuery(query) {
      set({ workflowsQuery: query })
    },
    workflowId: initial.workflowId ?? null,
    executionId: initial.executionId ?? null,
    workflowPage: initial.workflowPage ?? DEFAULT_WORKFLOW_PAGE_QUERY,
    setWorkflowPage(query) {
      set({ workflowPage: query })
    },
    compareRuns: initial.compareRuns ?? [],
    compareCheckpoints: initial.compareCheckpoints ?? [],
    navigate(view) {
      if (view === get().view) return
      set({ view, assetId: view === 'asset' ? get().assetId : null })
    },
    openAsset(id, at) {
      set({ playFrom: at ?? null })
      get().setBrowse({ anchor: id }, { view: 'asset', assetId: id })
    },
    closeAsset() {
      set({ view: 'library', assetId: null })
    },
    applyRoute(route) {
      if (route.assetId !== get().assetId) set({ playFrom: null })
      const kept = route.assetId ? { anchor: route.assetId } : {}
      // Before the page changes, so the Analyses page never reads the filters of the link it left.
      if (route.analyses) set({ analysesQuery: route.analyses })
      if (route.cachesDb !== undefined) set({ cachesDb: route.cachesDb })
      if (route.workflows) set({ workflowsQuery: route.workflows })
      if (route.workflowId !== undefined) set({ workflowId: route.workflowId })
      if (route.executionId !== undefined) set({ executionId: route.executionId })
      if (route.workflowPage) set({ workflowPage: route.workflowPage })
      if (route.compareRuns) set({ compareRuns: route.compareRuns })
      if (route.compareCheckpoints) set({ compareCheckpoints: route.compareCheckpoints })
      // Page and library view change in one update: the hash follower must see one step, not the
      // page first (with the old view) and the view after.
      get().setBrowse(route.browse ?? kept, { view: route.view, assetId: route.assetId })
    },
  })
}
