import type { QueryClient } from '@tanstack/react-query'
import type { StateCreator } from 'zustand'
import type { Collection, UndoResult } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import { dropFromLists } from '../../api/media-lists'
import { answersTo } from '../../api/query-cache'
import type { Write } from '../../api/writes'
import { editConflictOf } from '../../ui/edit-conflict'
import { toErrorShape } from '../../ui/error-shape'
import type { AppState } from '../../app/store'
import { changeCollections, collectionsList, trashList } from './organise-data'
import type { Outcome } from './organise-slice'

export interface OrganiseActions {
  /** Creates a collection; resolves to it, or to the refusal (a taken name) for the form to show. */
  /** Makes a collection, the person's private one with `onlyMe` (on a hub). */
  createCollection(name: string, onlyMe?: boolean): Promise<Collection | ErrorShape>
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
  /** Deletes assets: the lists drop them, the selection clears, the undo bar offers the batch back. */
  deleteAssets(ids: string[]): Promise<Outcome>
  undoLastDelete(): Promise<void>
  undoTrashBatch(batchId: string): Promise<UndoResult | ErrorShape>
  /** Deletes every batch in the trash for good. */
  emptyTrash(): Promise<Outcome>
}

const attempt = async <T>(call: () => Promise<T>): Promise<T | ErrorShape> => {
  try {
    return await call()
  } catch (error) {
    return toErrorShape(error)
  }
}

/**
 * Collections, deleting and the trash: each a write through `write` (what it changes is read again by its topics),
 * with what its answer shows at once put in `cache` and the dialogs' and the undo bar's state (organise-slice.ts).
 */
export function createOrganiseActions(
  write: Write,
  cache: QueryClient,
): StateCreator<AppState, [], [], OrganiseActions> {
  return (set, get) => {
    const membership = async (collectionId: number, change: 'collections:add' | 'collections:remove') => {
      const ids = get().selection
      if (ids.length === 0) return 0
      return attempt(async () => {
        const answer = await write(change, { collectionId, ids })
        return 'added' in answer ? answer.added : answer.removed
      })
    }
    return {
      async createCollection(name, onlyMe) {
        const owned = onlyMe === undefined ? {} : { private: onlyMe }
        const made = await attempt(() => write('collections:create', { name, ...owned }))
        if (!('collection' in made)) return made
        changeCollections(cache, (collections) => [...collections, made.collection])
        return made.collection
      },
      async renameCollection(id, name, baseVersion) {
        const renamed = await attempt(() => write('collections:rename', { id, name, baseVersion }))
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
        const deleted = await attempt(() => write('collections:delete', { id }))
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
      async deleteAssets(ids) {
        const result = await attempt(() => write('media:delete', { ids }))
        if ('code' in result) return result
        const gone = new Set(ids.filter((id) => !result.failed.some((failure) => failure.id === id)))
        dropFromLists(cache, gone)
        set((state) => ({
          deleteAsk: null,
          lastDelete: { result, undo: 'none', at: Date.now() },
          selection: state.selection.filter((id) => !gone.has(id)),
        }))
        return undefined
      },
      async undoLastDelete() {
        const last = get().lastDelete
        if (last && last.undo === 'none') await get().undoTrashBatch(last.result.batchId)
      },
      async undoTrashBatch(batchId) {
        const shown = (last = get().lastDelete) => (last?.result.batchId === batchId ? last : undefined)
        // The bar shows this delete: it says "Undoing…", and a trash list read meanwhile (which no
        // longer holds the batch) must not take the bar away before the answer says what came back.
        const before = shown()
        if (before) set({ lastDelete: { ...before, undo: 'running', error: undefined } })
        const undone = await attempt(() => write('trash:undo', { batchId }))
        // A newer delete may have replaced the bar meanwhile: then this answer is not what it shows.
        const last = shown()
        if ('code' in undone) {
          if (last) set({ lastDelete: { ...last, undo: 'none', error: undone } })
          // Refused (emptied or undone elsewhere meanwhile): the trash as it stands now.
          void cache.invalidateQueries(answersTo('trash:list', trashList.input))
        } else if (last) set({ lastDelete: { ...last, undo: 'done', undone, error: undefined } })
        return undone
      },
      async emptyTrash() {
        const emptied = await attempt(() => write('trash:empty', {}))
        if ('code' in emptied) return emptied
        // The last delete can no longer be undone.
        if (get().lastDelete && emptied.emptied.includes(get().lastDelete!.result.batchId))
          set({ lastDelete: undefined })
        return undefined
      },
    }
  }
}
