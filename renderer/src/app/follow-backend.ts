import type { ChangeTopic, EventMessage, MediaFilter } from '../../../shared/contract'
import type { Client } from '../api/client'
import type { AppState, AppStore } from './store'

// Tables whose rows are a filter's members (a collection's, the assets with near-duplicates): when one changes,
// the counts change, and so does a view filtered by it.
const MEMBERSHIP_FILTERS: [ChangeTopic, keyof MediaFilter][] = [
  ['collection_items', 'collection'],
  ['near_duplicate_assets', 'hasNearDuplicates'],
]

/** Loads what the views show and keeps it current with the backend's push events; returns the unsubscribe. */
export function followBackend(api: Client, store: AppStore): () => void {
  const unsubscribe = api.onEvent((event) => route(store.getState(), event))
  loadAll(store.getState())
  return unsubscribe
}

/** (Re)loads everything the views show from the backend. */
export function loadAll(state: AppState): void {
  void state.loadImports()
  void state.loadMedia()
  void state.loadFacets()
  void state.loadCollections()
}

function route(state: AppState, event: EventMessage): void {
  switch (event.name) {
    case 'library:changed':
      if (event.payload.tables.includes('videos')) void state.refreshMedia()
      // Tags and ratings change what a filter leaves, so the counts are read again.
      if (event.payload.tables.some((table) => table === 'videos' || table === 'asset_tags')) void state.refreshFacets()
      for (const [table, filter] of MEMBERSHIP_FILTERS) {
        if (!event.payload.tables.includes(table)) continue
        void state.refreshFacets()
        if (state.browse.filter[filter] !== undefined) void state.refreshMedia()
      }
      // Stacks decide which assets stand as cards, and so the counts, while the view stacks them.
      if (event.payload.tables.includes('stack_members') && state.browse.stacks) {
        void state.refreshFacets()
        void state.refreshMedia()
      }
      state.organiseTablesChanged(event.payload.tables)
      return
    case 'import:progress':
      return state.importProgressed(event.payload)
    case 'import:updated':
      // No read per imported file: a new asset is not on screen yet, and where it belongs in the
      // list is the list reload's answer (the import's library:changed of videos at its end).
      return state.importUpdated(event.payload)
    case 'media:thumbnails':
      return state.thumbnailsChanged(event.payload)
  }
}
