import { hashOfRoute, routeFromHash, type Route } from './navigation-slice'
import type { AppState, AppStore } from './store'

const routeOf = (state: AppState): Route => ({
  view: state.view,
  assetId: state.assetId,
  browse: state.browse,
  analyses: state.analysesQuery,
  cachesDb: state.cachesDb,
  workflows: state.workflowsQuery,
  workflowId: state.workflowId,
  executionId: state.executionId,
  workflowPage: state.workflowPage,
  compareRuns: state.compareRuns,
  compareCheckpoints: state.compareCheckpoints,
})

/**
 * Keeps the URL hash and the store in step: the store's page and library view are written to
 * the hash, and a hash the user changes (back/forward, a pasted link) is applied to the store.
 * Returns the unsubscribe.
 */
export function followHash(store: AppStore): () => void {
  // The browser already made the history entry of a hash it applies; the store's answer to it
  // (the canonical form of the same route) only rewrites that entry.
  let applying = false
  const apply = () => {
    const route = routeFromHash(window.location.hash)
    if (!route) return window.history.replaceState(null, '', hashOfRoute(routeOf(store.getState())))
    applying = true
    try {
      store.getState().applyRoute(route)
    } finally {
      applying = false
    }
  }
  const unsubscribe = store.subscribe((state, before) => {
    const hash = hashOfRoute(routeOf(state))
    if (hash === window.location.hash) return
    // A new page, filter, sort or view is a step Back returns from; typing, the size slider
    // and the moving anchor only update the current entry.
    const step =
      !applying &&
      (state.view !== before.view ||
        state.assetId !== before.assetId ||
        state.browse.filter !== before.browse.filter ||
        state.browse.sort !== before.browse.sort ||
        state.browse.view !== before.browse.view ||
        state.browse.stacks !== before.browse.stacks ||
        state.analysesQuery !== before.analysesQuery ||
        state.cachesDb !== before.cachesDb ||
        state.workflowsQuery !== before.workflowsQuery ||
        state.workflowId !== before.workflowId ||
        state.executionId !== before.executionId ||
        state.workflowPage !== before.workflowPage ||
        state.compareRuns !== before.compareRuns ||
        state.compareCheckpoints !== before.compareCheckpoints)
    if (step) window.history.pushState(null, '', hash)
    else window.history.replaceState(null, '', hash)
  })
  window.addEventListener('popstate', apply)
  window.addEventListener('hashchange', apply)
  window.history.replaceState(null, '', hashOfRoute(routeOf(store.getState())))
  return () => {
    unsubscribe()
    window.removeEventListener('popstate', apply)
    window.removeEventListener('hashchange', apply)
  }
}
