import type { StateCreator } from 'zustand'
import type { ImportItem } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import type { AppState } from '../../app/store'
import { readDismissed, writeDismissed } from './dismissed-jobs'
import type { ItemFilter } from './import-entries'

export type { ImportEntry, ItemFilter } from './import-entries'

/** A drop whose upload the user cancelled: nothing of it was imported; what was sent is deleted by the host. */
export interface CancelledUpload {
  id: number
  files: number
  /** Files received whole before the cancel (deleted with the rest). */
  received: number
}

/** A drop being uploaded (web host) before its import job exists. */
export interface UploadBatch {
  id: number
  files: Array<{ name: string; size: number; sent: number; done: boolean }>
  cancelling: boolean
}

export interface ImportSlice {
  /** Job ids the user dismissed in this library; see dismissed-jobs.ts. */
  dismissedImports: string[]
  /** Drops being uploaded, oldest first. */
  uploads: UploadBatch[]
  /** Drops whose upload was cancelled, until the user dismisses the note. */
  cancelledUploads: CancelledUpload[]
  /** Files being handed over (uploaded, under the web host) before their job exists. */
  sendingFiles: number
  importError: ErrorShape | undefined
  /** Link files in place instead of copying them; honoured only where `canLink`. */
  linkMode: boolean
  canLink: boolean
  dismissCancelledUpload(batchId: number): void
  setLinkMode(link: boolean): void
  /** Reads the dismissed jobs of the library with this id (once its id is known); dismissing is kept for it. */
  loadDismissed(libraryId: string): void
  dismissJob(jobId: string): void
}

/**
 * The state of uploads and imports the panel shows: drops on their way, cancelled ones, the last failure, the link
 * mode and the dismissed jobs. Starting and cancelling them is import-actions.ts; the recent imports themselves,
 * with their progress and per-file outcomes, live in the query cache (import-jobs.ts).
 */
export function createImportSlice(canLink: boolean): StateCreator<AppState, [], [], ImportSlice> {
  return (set, get) => {
    // The library whose dismissed jobs were read (see loadDismissed).
    let libraryId: string | undefined
    return {
      dismissedImports: [],
      uploads: [],
      cancelledUploads: [],
      sendingFiles: 0,
      importError: undefined,
      linkMode: false,
      canLink,
      dismissCancelledUpload(batchId) {
        set((state) => ({ cancelledUploads: state.cancelledUploads.filter((note) => note.id !== batchId) }))
      },
      setLinkMode: (linkMode) => set({ linkMode }),
      loadDismissed(id) {
        libraryId = id
        set({ dismissedImports: readDismissed(id) })
      },
      dismissJob(jobId) {
        const dismissed = [...get().dismissedImports.filter((id) => id !== jobId), jobId]
        set({ dismissedImports: dismissed })
        if (libraryId) writeDismissed(libraryId, dismissed)
      },
    }
  }
}

/** The outcomes of `entry` that `filter` shows, failures first, then duplicates, then imported, each in file order. */
export function shownItems(items: ImportItem[], filter: ItemFilter): ImportItem[] {
  const rank = { failed: 0, duplicate: 1, imported: 2 } as const
  return items
    .filter((item) => filter === 'all' || item.outcome === filter)
    .sort((a, b) => rank[a.outcome] - rank[b.outcome] || a.seq - b.seq)
}
