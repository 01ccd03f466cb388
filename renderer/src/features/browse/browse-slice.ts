import type { StateCreator } from 'zustand'
import type { AppState } from '../../app/store'
import type { BrowseView } from './browse-url'
import { mediaRequest } from './media-request'
import { selectionAfter, type SelectMode } from './selection'

export interface BrowseSlice {
  /** Query, filters, sort, view and anchor: mirrored in the URL. */
  browse: BrowseView
  /** Selected asset ids; kept across scrolling, re-sorting and reloads. */
  selection: string[]
  /** The asset the keyboard is on; a shift-range ends here while the anchor stays put. */
  focus: string | null
  /** The first list (a reload, a pasted link) still has to read on to the anchor of the URL (see media-list.ts). */
  revealPending: boolean
  /**
   * Changes the view (a new query, filter or sort lists other assets: media-list.ts). `page` (the
   * navigation's page and asset) changes in the same update, so the URL sees one step.
   */
  setBrowse(patch: Partial<BrowseView>, page?: Pick<AppState, 'view' | 'assetId'>): void
  /** Click-style selection of one asset: only it, toggle it, or the range from the anchor. */
  selectAsset(id: string, mode: SelectMode): void
  /** Moves the keyboard focus without changing the selection (ctrl+arrows). */
  focusAsset(id: string): void
  clearSelection(): void
  /** Selects every loaded asset (Ctrl/Cmd+A). */
  selectAll(): void
}

/** The ids of the assets a view has loaded so far, in its order (from the query cache: see media-lists.ts). */
export type LoadedIds = (view: BrowseView) => string[]

/**
 * The library browser's view: query, filters, sort and anchor, the selection and the keyboard focus. The
 * assets it lists live in the query cache (media-list.ts); `loadedIds` is where the selection finds their order.
 * Tagging and rating the selection is browse-actions.ts.
 */
export function createBrowseSlice(
  initial: BrowseView,
  loadedIds: LoadedIds,
): StateCreator<AppState, [], [], BrowseSlice> {
  return (set, get) => {
    const loaded = () => loadedIds(get().browse)
    return {
      browse: initial,
      selection: [],
      focus: initial.anchor,
      // Only the first list reads on to its anchor; a filter that leaves the anchor out must not load
      // thousands of assets looking for it.
      revealPending: initial.anchor !== null,
      setBrowse(patch, page) {
        const before = get().browse
        const browse = { ...before, ...patch }
        const relisted = JSON.stringify(mediaRequest(browse)) !== JSON.stringify(mediaRequest(before))
        set({ ...page, browse, ...(relisted && { revealPending: false }) })
      },
      selectAsset(id, mode) {
        const { selection, browse } = get()
        const ids = loaded()
        set({ selection: selectionAfter(selection, ids, browse.anchor, id, mode), focus: id })
        // A range keeps its start; every other selection moves the anchor to the asset.
        if (mode !== 'range' || browse.anchor === null) get().setBrowse({ anchor: id })
      },
      focusAsset: (id) => set({ focus: id }),
      clearSelection: () => set({ selection: [] }),
      selectAll: () => set({ selection: loaded() }),
    }
  }
}
