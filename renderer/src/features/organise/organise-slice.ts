import type { StateCreator } from 'zustand'
import type { DeleteResult, UndoResult } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import type { AppState } from '../../app/store'

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
  /** The assets the delete confirmation asks about; null while it is closed. */
  deleteAsk: string[] | null
  askDelete(ids: string[]): void
  cancelDelete(): void
  lastDelete: LastDelete | undefined
  dismissUndo(): void
  /** The trash read at `readAt` (ms) no longer holds the last delete: it was undone or emptied elsewhere. */
  trashRead(batchIds: readonly string[], readAt: number): void
}

/**
 * The delete confirmation's and the undo bar's state. What changes the library (collections, deleting, the
 * trash) is organise-actions.ts; collections and the trash themselves live in the query cache (organise-data.ts).
 */
export function createOrganiseSlice(): StateCreator<AppState, [], [], OrganiseSlice> {
  return (set, get) => ({
    deleteAsk: null,
    askDelete: (ids) => set({ deleteAsk: ids.length > 0 ? ids : null }),
    cancelDelete: () => set({ deleteAsk: null }),
    lastDelete: undefined,
    dismissUndo: () => set({ lastDelete: undefined }),
    trashRead(batchIds, readAt) {
      // Only a list read after the delete answered can tell; while an undo runs, the bar waits for its answer.
      const last = get().lastDelete
      if (last && last.undo === 'none' && readAt > last.at && !batchIds.includes(last.result.batchId)) {
        set({ lastDelete: undefined })
      }
    },
  })
}
