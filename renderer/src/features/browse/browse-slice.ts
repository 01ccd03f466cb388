import type { StateCreator } from 'zustand'
import type { EventPayload, MediaAsset, MediaFacets } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import type { Client } from '../../api/client'
import { toErrorShape } from '../../ui/error-shape'
import type { AppState } from '../../app/store'
import { coalesced } from '../../ui/coalesced'
import { listedFilter, type BrowseView } from './browse-url'
import { selectionAfter, type SelectMode } from './selection'

const PAGE_SIZE = 200
const MAX_RELOAD = 500
// How far a reload or a shared link reads on to find its anchor (25 pages: 5,000 assets).
const MAX_REVEAL_PAGES = 25

export interface BrowseSlice {
  /** Query, filters, sort, view and anchor: mirrored in the URL. */
  browse: BrowseView
  /** The assets loaded so far, in the view's order. */
  media: MediaAsset[]
  /** Where the next page starts; null when everything is loaded. */
  mediaCursor: string | null
  mediaStatus: 'idle' | 'loading' | 'ready' | 'failed'
  mediaError: ErrorShape | undefined
  /** Counts per facet value for the current query and filters, and the total they leave. */
  facets: MediaFacets | undefined
  /** Selected asset ids; kept across scrolling, re-sorting and reloads. */
  selection: string[]
  /** The asset the keyboard is on; a shift-range ends here while the anchor stays put. */
  focus: string | null
  /** Bumped when an asset's thumbnails are (re)written; used to refetch its images. */
  thumbnailVersions: Record<string, number>
  /**
   * Changes the view; a new query, filter or sort reloads the list and the counts. `page` (the
   * navigation's page and asset) changes in the same update, so the URL sees one step.
   */
  setBrowse(patch: Partial<BrowseView>, page?: Pick<AppState, 'view' | 'assetId'>): void
  /** (Re)loads the list from the top, keeping pages loaded further down (the scroll position stays). */
  loadMedia(): Promise<void>
  loadMoreMedia(): Promise<void>
  /** Loads pages until the anchor is among them (bounded), so a reload returns to where it was. */
  revealAnchor(): Promise<void>
  loadFacets(): Promise<void>
  /** loadMedia and loadFacets for bursts of change events: one at a time, plus one more for what came meanwhile. */
  refreshMedia(): Promise<void>
  refreshFacets(): Promise<void>
  /** Click-style selection of one asset: only it, toggle it, or the range from the anchor. */
  selectAsset(id: string, mode: SelectMode): void
  /** Moves the keyboard focus without changing the selection (ctrl+arrows). */
  focusAsset(id: string): void
  clearSelection(): void
  /** Selects every loaded asset (Ctrl/Cmd+A). */
  selectAll(): void
  /** Adds tags to the selected assets (unknown tags are created); resolves to the error, if any. */
  tagSelection(tags: string[]): Promise<ErrorShape | undefined>
  rateSelection(rating: number): Promise<ErrorShape | undefined>
  showAsset(id: string): Promise<void>
  thumbnailsChanged(update: EventPayload<'media:thumbnails'>): void
}

/** The library browser: keyset pages of the assets the query and filters leave, their facet counts, and the selection. */
export function createBrowseSlice(api: Client, initial: BrowseView): StateCreator<AppState, [], [], BrowseSlice> {
  return (set, get) => {
    // A new query, filter or sort starts a new generation; answers of an older one are dropped,
    // so a slow answer to an old filter state never overwrites a newer one. Refreshes count
    // their own turns: the newest wins, and they never drop a page being appended.
    let generation = 0
    let refreshes = 0
    let facetGeneration = 0
    let loadingMore = false
    // Only the first load (a reload, a pasted link) reads on to its anchor; a filter that leaves
    // the anchor out must not load thousands of assets looking for it.
    let revealPending = initial.anchor !== null
    const request = () => {
      const { query, sort } = get().browse
      return { query: query.trim() === '' ? undefined : query, filter: listedFilter(get().browse), sort }
    }
    const fail = (error: unknown) => set({ mediaStatus: 'failed', mediaError: toErrorShape(error) })
    const bulk = async (call: (ids: string[]) => Promise<unknown>) => {
      const ids = get().selection
      if (ids.length === 0) return undefined
      try {
        await call(ids)
        return undefined
      } catch (error) {
        return toErrorShape(error)
      }
    }
    return {
      browse: initial,
      media: [],
      mediaCursor: null,
      mediaStatus: 'idle',
      mediaError: undefined,
      facets: undefined,
      selection: [],
      focus: initial.anchor,
      thumbnailVersions: {},
      setBrowse(patch, page) {
        const before = get().browse
        const browse = { ...before, ...patch }
        const found =
          browse.query.trim() !== before.query.trim() ||
          !same(browse.filter, before.filter) ||
          browse.stacks !== before.stacks
        const reload = found || !same(browse.sort, before.sort)
        if (reload) {
          generation += 1
          loadingMore = false
        }
        set({ ...page, browse, ...(reload ? { media: [], mediaCursor: null } : {}) })
        if (reload) void get().loadMedia()
        if (found) void get().loadFacets()
      },
      async loadMedia() {
        const mine = generation
        const turn = ++refreshes
        const current = () => mine === generation && turn === refreshes
        const limit = Math.min(Math.max(get().media.length, PAGE_SIZE), MAX_RELOAD)
        const first = get().media.length === 0
        if (first) set({ mediaStatus: 'loading' })
        try {
          const page = await api['media:list']({ limit, cursor: null, ...request() })
          if (!current()) return
          set((state) => ({ ...refreshed(state, page), mediaStatus: 'ready', mediaError: undefined }))
          if (first && revealPending) {
            revealPending = false
            await get().revealAnchor()
          }
        } catch (error) {
          if (current()) fail(error)
        }
      },
      refreshMedia: coalesced(() => get().loadMedia()),
      refreshFacets: coalesced(() => get().loadFacets()),
      async loadMoreMedia() {
        const cursor = get().mediaCursor
        if (cursor === null || loadingMore) return
        const mine = generation
        loadingMore = true
        try {
          const page = await api['media:list']({ limit: PAGE_SIZE, cursor, ...request() })
          if (mine !== generation) return
          set((state) => ({ media: appended(state.media, page.items), mediaCursor: page.nextCursor }))
        } catch (error) {
          if (mine === generation) fail(error)
        } finally {
          if (mine === generation) loadingMore = false
        }
      },
      async revealAnchor() {
        const { anchor } = get().browse
        const mine = generation
        for (let pages = 0; anchor !== null && pages < MAX_REVEAL_PAGES && mine === generation; pages++) {
          const { media, mediaCursor } = get()
          if (mediaCursor === null || media.some((asset) => asset.id === anchor)) return
          await get().loadMoreMedia()
        }
      },
      async loadFacets() {
        const mine = ++facetGeneration
        try {
          const { query, filter } = request()
          const facets = await api['media:facets']({ query, filter })
          if (mine === facetGeneration) set({ facets })
        } catch (error) {
          if (mine === facetGeneration) set({ mediaError: toErrorShape(error) })
        }
      },
      selectAsset(id, mode) {
        const { selection, browse, media } = get()
        const ids = media.map((asset) => asset.id)
        set({ selection: selectionAfter(selection, ids, browse.anchor, id, mode), focus: id })
        // A range keeps its start; every other selection moves the anchor to the asset.
        if (mode !== 'range' || browse.anchor === null) get().setBrowse({ anchor: id })
      },
      focusAsset: (id) => set({ focus: id }),
      clearSelection: () => set({ selection: [] }),
      selectAll: () => set((state) => ({ selection: state.media.map((asset) => asset.id) })),
      tagSelection: (tags) => bulk((ids) => api['media:tag']({ ids, tags })),
      rateSelection: (rating) => bulk((ids) => api['media:set-rating']({ ids, rating })),
      async showAsset(id) {
        try {
          // The answer carries the asset's tags too; the extra field does no harm in the list.
          const asset = await api['media:get']({ id })
          // Only refreshes a row already shown: where a new asset belongs depends on the query,
          // filters and sort, which the list reload (library:changed) answers.
          set((state) => ({ media: state.media.map((known) => (known.id === id ? asset : known)) }))
        } catch (error) {
          set({ mediaError: toErrorShape(error) })
        }
      },
      thumbnailsChanged({ id, error }) {
        set((state) => ({
          thumbnailVersions: { ...state.thumbnailVersions, [id]: (state.thumbnailVersions[id] ?? 0) + 1 },
        }))
        // A failure changed the asset's status and error: show them.
        if (error !== null) void get().showAsset(id)
      },
    }
  }
}

// The ids of a loaded list, by list. Appending a page hands the list's set on to the longer list
// instead of building a set of every loaded id again: 100,000 ids per page, deep in a big library,
// cost tens of milliseconds of a scrolling frame.
const loadedIds = new WeakMap<readonly MediaAsset[], Set<string>>()

/** The list with the page's assets that it does not hold yet (a refresh can move an asset into a later page). */
function appended(media: MediaAsset[], items: MediaAsset[]): MediaAsset[] {
  const ids = loadedIds.get(media) ?? new Set(media.map((asset) => asset.id))
  loadedIds.delete(media)
  const fresh = items.filter((asset) => !ids.has(asset.id))
  for (const asset of fresh) ids.add(asset.id)
  const longer = media.concat(fresh)
  loadedIds.set(longer, ids)
  return longer
}

/** Equal plain values (filters and sorts are small, JSON-shaped objects built in one key order). */
function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b)
}

/**
 * The list after a reload of its first page: where the reloaded page's last asset is already
 * shown further down, the pages after it stay (with their cursor), so a change near the top
 * does not throw away what the user scrolled to.
 */
function refreshed(state: BrowseSlice, page: { items: MediaAsset[]; nextCursor: string | null }) {
  const last = page.items.at(-1)
  const at = last === undefined ? -1 : state.media.findIndex((asset) => asset.id === last.id)
  if (page.nextCursor === null || at < 0) return { media: page.items, mediaCursor: page.nextCursor }
  const fresh = new Set(page.items.map((asset) => asset.id))
  const tail = state.media.slice(at + 1).filter((asset) => !fresh.has(asset.id))
  return { media: [...page.items, ...tail], mediaCursor: state.mediaCursor }
}
