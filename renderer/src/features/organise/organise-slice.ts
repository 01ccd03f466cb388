import type { QueryClient } from '@tanstack/react-query'
import type { StateCreator } from 'zustand'
import type { Collection, DeleteResult, UndoResult } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import type { Client } from '../../api/client'
import { dropFromLists } from '../../api/media-lists'
import { answersTo } from '../../api/query-cache'
import { editConflictOf } from '../../ui/edit-conflict'
import { toErrorShape } from '../../ui/error-shape'
import type { AppState } from '../../app/store'
import { changeCollections, collectionsList, trashList } from './organise-data'

/** What an action came to: its error, or nothing. */
export type Outcome = ErrorShape | undefined

/** The last delete, for the undo bar: what it did, and its undo while that runs or after. */
export interface LastDelete {
  result: DeleteResult
  undo: 'none' | 'running' | 'done'
  undone?: UndoResult
  error?: ErrorShape
  /** When its answer came (ms): a trash list read after it that lacks its batch means it was undone or emptied elsewhere. */
  at: number
}

export interface OrganiseSlice {
  /** Creates a collection; resolves to it, or to the refusal (a taken name) for the form to show. */
  createCollection(name: string): Promise<Collection | ErrorShape>
  /**
   * Renames a collection from the name's `baseVersion`; another person's rename since refuses it, and the list then
   * shows their name (the form offers to keep the person's).
   */
  renameCollection(id: number, name: string, baseVersion: number): Promise<Outcome>
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
  /** Deletes assets: the lists drop them, the selection clears, the undo bar offers the batch back. */
  deleteAssets(ids: string[]): Promise<Outcome>
  lastDelete: LastDelete | undefined
  undoLastDelete(): Promise<void>
  dismissUndo(): void
  /** The trash read at `readAt` (ms) no longer holds the last delete: it was undone or emptied elsewhere. */
  trashRead(batchIds: readonly string[], readAt: number): void
  undoTrashBatch(batchId: string): Promise<UndoResult | ErrorShape>
  /** Deletes every batch in the trash for good. */
  emptyTrash(): Promise<Outcome>
}

/**
 * Collections, deleting with its confirmation and undo, and the trash: the actions, and the dialogs' and the
 * undo bar's state. Collections and the trash themselves live in the query cache (use-organise-data.ts).
 */
export function createOrganiseSlice(api: Client, cache: QueryClient): StateCreator<AppState, [], [], OrganiseSlice> {
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
    // Read again at once, not at the change event (over the web host it may come later); an answer on its way,
    // asked before the change, is dropped for the new one.
    const readTrash = () => cache.invalidateQueries(answersTo('trash:list', trashList.input))
    const readCounts = () => cache.invalidateQueries({ queryKey: ['media:facets'] })
    const readLists = () => cache.invalidateQueries({ queryKey: ['media:list'] })
    return {
      async createCollection(name) {
        const made = await attempt(() => api['collections:create']({ name }))
        if (!('collection' in made)) return made
        changeCollections(cache, (collections) => [...collections, made.collection])
        return made.collection
      },
      async renameCollection(id, name, baseVersion) {
        const renamed = await attempt(() => api['collections:rename']({ id, name, baseVersion }))
        if (!('collection' in renamed)) {
          if (editConflictOf(renamed))
            void cache.invalidateQueries(answersTo('collections:list', collectionsList.input))
          return renamed
        }
        const { collection } = renamed
        changeCollections(cache, (collections) => collections.map((known) => (known.id === id ? collection : known)))
        return undefined
      },
      async deleteCollection(id) {
        const deleted = await attempt(() => api['collections:delete']({ id }))
        if ('code' in deleted) return deleted
        changeCollections(cache, (collections) => collections.filter((known) => known.id !== id))
        const { filter } = get().browse
        if (filter.collection === id) get().setBrowse({ filter: { ...filter, collection: undefined } })
        return undefined
      },
      addSelectionTo: (collectionId) => membership(collectionId, 'collections:add'),
      async removeSelectionFrom(collectionId) {
        const ids = new Set(get().selection)
        const removed = await membership(collectionId, 'collections:remove')
        // A view filtered by this collection: what left it leaves the grid now, not at the next reload.
        if (typeof removed === 'number') {
          dropFromLists(cache, ids, collectionId)
          if (get().browse.filter.collection === collectionId) set({ selection: [] })
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
        dropFromLists(cache, gone)
        set((state) => ({
          deleteAsk: null,
          lastDelete: { result, undo: 'none', at: Date.now() },
          selection: state.selection.filter((id) => !gone.has(id)),
        }))
        void readTrash()
        void readCounts()
        return undefined
      },
      lastDelete: undefined,
      async undoLastDelete() {
        const last = get().lastDelete
        if (last && last.undo === 'none') await get().undoTrashBatch(last.result.batchId)
      },
      dismissUndo: () => set({ lastDelete: undefined }),
      trashRead(batchIds, readAt) {
        // Only a list read after the delete answered can tell; while an undo runs, the bar waits for its answer.
        const last = get().lastDelete
        if (last && last.undo === 'none' && readAt > last.at && !batchIds.includes(last.result.batchId)) {
          set({ lastDelete: undefined })
        }
      },
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
          void readLists()
          void readCounts()
        }
        void readTrash()
        return undone
      },
      async emptyTrash() {
        const emptied = await attempt(() => api['trash:empty']({}))
        if ('code' in emptied) return emptied
        // The last delete can no longer be undone.
        if (get().lastDelete && emptied.emptied.includes(get().lastDelete!.result.batchId))
          set({ lastDelete: undefined })
        void readTrash()
        return undefined
      },
    }
  }
}
