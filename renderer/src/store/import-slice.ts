import type { StateCreator } from 'zustand'
import type { EventPayload, ImportItem, ImportJob, ImportProgress } from '../../../shared/contract'
import type { ErrorShape } from '../../../shared/errors'
import type { Client } from '../api/client'
import { toErrorShape } from './error-shape'
import type { AppState } from './index'

const JOBS_SHOWN = 5

/** One import as the panel shows it: the job, its live progress and the outcomes of its files. */
export interface ImportEntry {
  job: ImportJob
  progress: ImportProgress | undefined
  items: ImportItem[]
}

export interface ImportSlice {
  /** The imports in the panel, most recent first. */
  imports: ImportEntry[]
  /** Files being handed over (uploaded, under the web host) before their job exists. */
  sendingFiles: number
  importError: ErrorShape | undefined
  /** Link files in place instead of copying them; honoured only where `canLink`. */
  linkMode: boolean
  canLink: boolean
  loadImports(): Promise<void>
  importFiles(files: File[]): Promise<void>
  cancelImport(jobId: string): Promise<void>
  setLinkMode(link: boolean): void
  dismissJob(jobId: string): void
  importUpdated(update: EventPayload<'import:updated'>): void
  importProgressed(progress: ImportProgress): void
}

/** Recent imports with their progress and per-file outcomes, and starting or cancelling one. */
export function createImportSlice(api: Client): StateCreator<AppState, [], [], ImportSlice> {
  return (set, get) => {
    const fail = (error: unknown) => set({ importError: toErrorShape(error) })
    return {
      imports: [],
      sendingFiles: 0,
      importError: undefined,
      linkMode: false,
      canLink: api.canLink,
      async loadImports() {
        try {
          const { jobs } = await api['import:list']({ limit: JOBS_SHOWN })
          const loaded = await Promise.all(jobs.map((job) => api['import:get']({ jobId: job.id })))
          set((state) => ({
            imports: loaded.reduce((entries, { job, items }) => withJob(entries, job, items), state.imports),
          }))
        } catch (error) {
          fail(error)
        }
      },
      async importFiles(files) {
        if (files.length === 0) return
        set((state) => ({ sendingFiles: state.sendingFiles + files.length, importError: undefined }))
        try {
          const { job } = await api.importFiles(files, get().linkMode)
          set((state) => ({ imports: withJob(state.imports, job) }))
        } catch (error) {
          fail(error)
        } finally {
          set((state) => ({ sendingFiles: state.sendingFiles - files.length }))
        }
      },
      async cancelImport(jobId) {
        try {
          const { job } = await api['import:cancel']({ jobId })
          set((state) => ({ imports: withJob(state.imports, job) }))
        } catch (error) {
          fail(error)
        }
      },
      setLinkMode: (linkMode) => set({ linkMode }),
      dismissJob: (jobId) => set((state) => ({ imports: state.imports.filter((entry) => entry.job.id !== jobId) })),
      importUpdated: ({ job, item }) => set((state) => ({ imports: withJob(state.imports, job, item ? [item] : []) })),
      importProgressed: (progress) =>
        set((state) => ({
          imports: state.imports.map((entry) => (entry.job.id === progress.jobId ? { ...entry, progress } : entry)),
        })),
    }
  }
}

/** The entries with `job` added or updated and `items` merged in, newest job first. */
function withJob(entries: ImportEntry[], job: ImportJob, items: ImportItem[] = []): ImportEntry[] {
  const found = entries.find((entry) => entry.job.id === job.id)
  if (!found) {
    const entry = { job, progress: undefined, items: mergeItems([], items) }
    return [entry, ...entries].sort((a, b) => b.job.createdAt.localeCompare(a.job.createdAt)).slice(0, JOBS_SHOWN)
  }
  const updated = { ...found, job: isNotOlder(job, found.job) ? job : found.job, items: mergeItems(found.items, items) }
  return entries.map((entry) => (entry === found ? updated : entry))
}

// A call's reply and the events about the same job travel separately: never let a stale copy win.
const STATE_RANK = { queued: 0, running: 1, done: 2, failed: 2, cancelled: 2 } as const

function isNotOlder(incoming: ImportJob, current: ImportJob): boolean {
  const finished = (job: ImportJob) => job.counts.imported + job.counts.duplicate + job.counts.failed
  const rank = STATE_RANK[incoming.state] - STATE_RANK[current.state]
  return rank !== 0 ? rank > 0 : finished(incoming) >= finished(current)
}

function mergeItems(current: ImportItem[], incoming: ImportItem[]): ImportItem[] {
  const fresh = incoming.filter((item) => !current.some((known) => known.seq === item.seq))
  return fresh.length === 0 ? current : [...current, ...fresh].sort((a, b) => a.seq - b.seq)
}
