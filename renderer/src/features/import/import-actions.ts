import type { QueryClient } from '@tanstack/react-query'
import type { StateCreator } from 'zustand'
import type { SendProgress } from '../../api/transport'
import type { Upload, Write } from '../../api/writes'
import type { AppState } from '../../app/store'
import { toErrorShape } from '../../ui/error-shape'
import { importAnswered } from './import-jobs'
import type { CancelledUpload, UploadBatch } from './import-slice'
import { isJsonFile } from './workflow-files-slice'

export interface ImportActions {
  /** Imports dropped or chosen files; .json files among them go to `offerWorkflowFiles` instead. */
  importFiles(files: File[]): Promise<void>
  cancelImport(jobId: string): Promise<void>
  /** Stops a drop's upload: files in flight are aborted, the rest never sent, those received deleted. */
  cancelUpload(batchId: number): void
}

/**
 * Starting and cancelling imports through the write path (`upload` for dropped files, `write` for the rest), their
 * uploads' progress in the import slice's state, and each answer's job in `cache` at once.
 */
export function createImportActions(
  upload: Upload,
  write: Write,
  cache: QueryClient,
): StateCreator<AppState, [], [], ImportActions> {
  return (set, get) => {
    const fail = (error: unknown) => set({ importError: toErrorShape(error) })
    const controllers = new Map<number, AbortController>()
    let batches = 0
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
          uploads: state.canLink ? state.uploads : [...state.uploads, batch],
          importError: undefined,
        }))
        try {
          const options = { signal: controller.signal, onProgress: onProgress(id) }
          const { job } = await upload(files, get().linkMode, options)
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
          const { job } = await write('import:cancel', { jobId })
          importAnswered(cache, job)
        } catch (error) {
          fail(error)
        }
      },
      cancelUpload(batchId) {
        updateBatch(batchId, (batch) => ({ ...batch, cancelling: true }))
        controllers.get(batchId)?.abort()
      },
    }
  }
}
