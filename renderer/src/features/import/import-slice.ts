import type { QueryClient } from '@tanstack/react-query'
import type { StateCreator } from 'zustand'
import type { ImportItem } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import type { Client } from '../../api/client'
import type { SendProgress } from '../../api/transport'
import { toErrorShape } from '../../ui/error-shape'
import type { AppState } from '../../app/store'
import { readDismissed, writeDismissed } from './dismissed-jobs'
import type { ItemFilter } from './import-entries'
import { importAnswered } from './import-jobs'
import { isJsonFile } from './workflow-files-slice'

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
  /** Imports dropped or chosen files; .json files among them go to `offerWorkflowFiles` instead. */
  importFiles(files: File[]): Promise<void>
  cancelImport(jobId: string): Promise<void>
  /** Stops a drop's upload: files in flight are aborted, the rest never sent, those received deleted. */
  cancelUpload(batchId: number): void
  dismissCancelledUpload(batchId: number): void
  setLinkMode(link: boolean): void
  /** Reads the dismissed jobs of the library with this id (once its id is known); dismissing is kept for it. */
  loadDismissed(libraryId: string): void
  dismissJob(jobId: string): void
}

/**
 * Uploads, and starting, cancelling or dismissing an import. The recent imports themselves, with their progress and
 * per-file outcomes, live in the query cache (import-jobs.ts).
 */
export function createImportSlice(api: Client, cache: QueryClient): StateCreator<AppState, [], [], ImportSlice> {
  return (set, get) => {
    const fail = (error: unknown) => set({ importError: toErrorShape(error) })
    const controllers = new Map<number, AbortController>()
    let batches = 0
    // The library whose dismissed jobs were read (see loadDismissed).
    let libraryId: string | undefined
    const updateBatch = (id: number, change: (batch: UploadBatch) => UploadBatch) =>
      set((state) => ({ uploads: state.uploads.map((batch) => (batch.id === id ? change(batch) : batch)) }))
    const onProgress = (id: number) => (progress: SendProgress) =>
      updateBatch(id, (batch) => ({
        ...batch,
        files: batch.files.map((file, index) =>
          index === progress.file ? { ...file, sent: progress.sent, done: progress.done } : file,
        ),
      }))
    return {
      dismissedImports: [],
      uploads: [],
      cancelledUploads: [],
      sendingFiles: 0,
      importError: undefined,
      linkMode: false,
      canLink: api.canLink,
      async importFiles(dropped) {
        // JSON is no media: a workflow among the files is offered to be added as one, apart from the import.
        const json = dropped.filter(isJsonFile)
        if (json.length > 0) void get().offerWorkflowFiles(json)
        const files = dropped.filter((file) => !isJsonFile(file))
        if (files.length === 0) return
        const id = ++batches
        const controller = new AbortController()
        controllers.set(id, controller)
        const batch: UploadBatch = {
          id,
          files: files.map((file) => ({ name: file.name, size: file.size, sent: 0, done: false })),
          cancelling: false,
        }
        set((state) => ({
          sendingFiles: state.sendingFiles + files.length,
          uploads: api.canLink ? state.uploads : [...state.uploads, batch],
          importError: undefined,
        }))
        try {
          const options = { signal: controller.signal, onProgress: onProgress(id) }
          const { job } = await api.importFiles(files, get().linkMode, options)
          importAnswered(cache, job)
        } catch (error) {
          // A cancel the user asked for is no failure to report.
          if (!controller.signal.aborted) fail(error)
        } finally {
          controllers.delete(id)
          set((state) => {
            const gone = state.uploads.find((batch) => batch.id === id)
            const cancelled: CancelledUpload[] = controller.signal.aborted
              ? [{ id, files: files.length, received: gone?.files.filter((file) => file.done).length ?? 0 }]
              : []
            return {
              sendingFiles: state.sendingFiles - files.length,
              uploads: state.uploads.filter((batch) => batch.id !== id),
              cancelledUploads: [...state.cancelledUploads, ...cancelled],
            }
          })
        }
      },
      async cancelImport(jobId) {
        try {
          const { job } = await api['import:cancel']({ jobId })
          importAnswered(cache, job)
        } catch (error) {
          fail(error)
        }
      },
      cancelUpload(batchId) {
        updateBatch(batchId, (batch) => ({ ...batch, cancelling: true }))
        controllers.get(batchId)?.abort()
      },
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
