import type { StateCreator } from 'zustand'
import type { Collection, DeleteResult, TrashBatch, UndoResult } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import type { Client } from '../../api/client'
import { toErrorShape } from '../../ui/error-shape'
import type { AppState } from '../../app/store'
import { coalesced } from '../../ui/coalesced'

// Deletes listed on the Settings page; the trash holds few in practice (each is one delete).
const LISTED = 200

/** What an action came to: its error, or nothing. */
export type Outcome = ErrorShape | undefined

/** The last delete, for the undo bar: what it did, and its undo while that runs or after. */
export interface LastDelete {
  result: DeleteResult
  undo: 'none' | 'running' | 'done'
  undone?: UndoResult
  error?: ErrorShape
}

export interface OrganiseSlice {
  /** Every collection with its asset count, by name. */
  collections: Collection[]
  collectionsError: ErrorShape | undefined
  loadCollections(): Promise<void>
  /** Creates a collection; resolves to it, or to the refusal (a taken name) for the form to show. */
  createCollection(name: string): Promise<Collection | ErrorShape>
  renameCollection(id: number, name: string): Promise<Outcome>
  /** Deletes a collection (its assets stay); a view filtered by it goes back to the whole library. */
  deleteCollection(id: number): Promise<Outcome>
  /** Adds the selected assets to a collection; resolves to how many were not in it yet, or the error. */
  addSelectionTo(collectionId: number): Promise<number | ErrorShape>
  /** Takes the selected assets out of a collection; they leave a view filtered by it. */
  removeSelectionFrom(collectionId: number): Promise<number | ErrorShape>
  /** The assets the delete confirmation asks about; null while it is closed. */
  deleteAsk: string[] | null
  askDelete(ids: string[]): void
  cancelDelete(): void
  /** Deletes assets: the grid drops them, the selection clears, the undo bar offers the batch back. */
  deleteAssets(ids: string[]): Promise<Outcome>
  lastDelete: LastDelete | undefined
  undoLastDelete(): Promise<void>
  dismissUndo(): void
  /** What the library's trash holds (deletes still undoable), newest first. */
  trash: { batches: TrashBatch[]; bytes: number } | undefined
  trashError: ErrorShape | undefined
  loadTrash(): Promise<void>
  refreshTrash(): Promise<void>
  undoTrashBatch(batchId: string): Promise<UndoResult | ErrorShape>
  /** Deletes every batch in the trash for good. */
  emptyTrash(): Promise<Outcome>
  /** A `library:changed` event: collections and the trash are read again when theirs changed. */
  organiseTablesChanged(tables: readonly string[]): void
}

/** Collections, deleting with its confirmation and undo, and the trash. */
export function createOrganiseSlice(api: Client): StateCreator<AppState, [], [], OrganiseSlice> {
  return (set, get) => {
    const attempt = async <T>(call: () => Promise<T>): Promise<T | ErrorShape> => {
      try {
        return await call()
      } catch (error) {
        return toErrorShape(error)
      }
    }
    const membership = async (collectionId: number, change: 'collections:add' | 'collections:remove') => {
      const ids = get().selection
      if (ids.length === 0) return 0
      return attempt(async () => {
        const answer = await api[change]({ collectionId, ids })
        return 'added' in answer ? answer.added : answer.removed
      })
    }
    let trashTurn = 0
    const loadTrash = async () => {
      const mine = ++trashTurn
      const asked = get().lastDelete
      try {
        const trash = await api['trash:list']({ limit: LISTED })
        if (mine !== trashTurn) return
        set({ trash, trashError: undefined })
        // Emptied or undone from another window: the bar must not offer what the trash no longer holds.
        // Only a list asked for after that delete answered can tell.
        const last = get().lastDelete
        if (
          last &&
          last === asked &&
          last.undo === 'none' &&
          !trash.batches.some((b) => b.id === last.result.batchId)
        ) {
          set({ lastDelete: undefined })
        }
      } catch (error) {
        if (mine === trashTurn) set({ trashError: toErrorShape(error) })
      }
    }
    const refreshCollections = coalesced(() => get().loadCollections())
    const refreshTrash = coalesced(loadTrash)
    return {
      collections: [],
      collectionsError: undefined,
      async loadCollections() {
        try {
          const { collections } = await api['collections:list']({})
          set({ collections, collectionsError: undefined })
        } catch (error) {
          set({ collectionsError: toErrorShape(error) })
        }
      },
      async createCollection(name) {
        const made = await attempt(() => api['collections:create']({ name }))
        if (!('collection' in made)) return made
        set((state) => ({ collections: sortedByName([...state.collections, made.collection]) }))
        return made.collection
      },
      async renameCollection(id, name) {
        const renamed = await attempt(() => api['collections:rename']({ id, name }))
        if (!('collection' in renamed)) return renamed
        const { collection } = renamed
        set((state) => ({
          collections: sortedByName(state.collections.map((known) => (known.id === id ? collection : known))),
        }))
        return undefined
      },
      async deleteCollection(id) {
        const deleted = await attempt(() => api['collections:delete']({ id }))
        if ('code' in deleted) return deleted
        set((state) => ({ collections: state.collections.filter((known) => known.id !== id) }))
        const { filter } = get().browse
        if (filter.collection === id) get().setBrowse({ filter: { ...filter, collection: undefined } })
        return undefined
      },
      addSelectionTo: (collectionId) => membership(collectionId, 'collections:add'),
      async removeSelectionFrom(collectionId) {
        const ids = new Set(get().selection)
        const removed = await membership(collectionId, 'collections:remove')
        // The view is filtered by this collection: what left it leaves the grid now, not at the next reload.
        if (typeof removed === 'number' && get().browse.filter.collection === collectionId) {
          set((state) => ({ media: state.media.filter((asset) => !ids.has(asset.id)), selection: [] }))
        }
        return removed
      },
      deleteAsk: null,
      askDelete: (ids) => set({ deleteAsk: ids.length > 0 ? ids : null }),
      cancelDelete: () => set({ deleteAsk: null }),
      async deleteAssets(ids) {
        const result = await attempt(() => api['media:delete']({ ids }))
        if ('code' in result) return result
        const gone = new Set(ids.filter((id) => !result.failed.some((failure) => failure.id === id)))
        set((state) => ({
          deleteAsk: null,
          lastDelete: { result, undo: 'none' },
          media: state.media.filter((asset) => !gone.has(asset.id)),
          selection: state.selection.filter((id) => !gone.has(id)),
        }))
        void get().refreshFacets()
        void refreshTrash()
        return undefined
      },
      lastDelete: undefined,
      async undoLastDelete() {
        const last = get().lastDelete
        if (last && last.undo === 'none') await get().undoTrashBatch(last.result.batchId)
      },
      dismissUndo: () => set({ lastDelete: undefined }),
      trash: undefined,
      trashError: undefined,
      loadTrash,
      refreshTrash,
      async undoTrashBatch(batchId) {
        const shown = (last = get().lastDelete) => (last?.result.batchId === batchId ? last : undefined)
        // The bar shows this delete: it says "Undoing…", and a trash list read meanwhile (which no
        // longer holds the batch) must not take the bar away before the answer says what came back.
        const before = shown()
        if (before) set({ lastDelete: { ...before, undo: 'running', error: undefined } })
        const undone = await attempt(() => api['trash:undo']({ batchId }))
        // A newer delete may have replaced the bar meanwhile: then this answer is not what it shows.
        const last = shown()
        if ('code' in undone) {
          if (last) set({ lastDelete: { ...last, undo: 'none', error: undone } })
        } else {
          if (last) set({ lastDelete: { ...last, undo: 'done', undone, error: undefined } })
          void get().refreshMedia()
          void get().refreshFacets()
        }
        void refreshTrash()
        return undone
      },
      async emptyTrash() {
        const emptied = await attempt(() => api['trash:empty']({}))
        if ('code' in emptied) return emptied
        // The last delete can no longer be undone.
        if (get().lastDelete && emptied.emptied.includes(get().lastDelete!.result.batchId))
          set({ lastDelete: undefined })
        void refreshTrash()
        return undefined
      },
      organiseTablesChanged(tables) {
        if (tables.some((table) => table === 'collections' || table === 'collection_items')) void refreshCollections()
        if (tables.includes('trash_batches')) void refreshTrash()
      },
    }
  }
}

function sortedByName(collections: Collection[]): Collection[] {
  return [...collections].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }))
}
