import type { StateCreator } from 'zustand'
import type { HealthItem, HealthJob, HealthProgress, HealthReport } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import type { Client } from '../../api/client'
import { toErrorShape } from '../../store/error-shape'
import type { AppState } from '../../store/index'
import { batched } from '../../ui/batched'
import { coalesced } from '../../ui/coalesced'

// How many results of a finished job and flagged assets of each kind are fetched for display.
export const LISTED = 1000
const REPORT_SETTLE_MS = 300

export interface HealthSlice {
  /** Verify and relink jobs of the backend process (any window's), newest first. */
  healthJobs: HealthJob[]
  /** Live progress of running jobs, by job id (dropped when the job ends). */
  healthProgress: Record<string, HealthProgress>
  /** The listed results (all but `ok`) of finished jobs, by job id. */
  healthItems: Record<string, HealthItem[]>
  /** The assets flagged missing or changed, as stored. */
  healthReport: HealthReport | undefined
  healthError: ErrorShape | undefined
  /** The OS folder dialog for a relink folder, where the host has one (Electron only). */
  chooseHealthFolder: (() => Promise<string | null>) | undefined
  /** Loads the jobs, the results of the newest finished one of each kind, and the report. */
  loadHealth(): Promise<void>
  loadHealthReport(): Promise<void>
  /** Starts a verify of every asset; resolves to the refusal, if any, for the form to show. */
  startVerify(): Promise<ErrorShape | undefined>
  /** Starts a relink in `folder`; resolves to the refusal (path gate, no such folder), if any. */
  startRelink(folder: string): Promise<ErrorShape | undefined>
  cancelHealthJob(jobId: string): Promise<void>
  healthProgressed(progress: HealthProgress): void
  healthUpdated(job: HealthJob): void
  /** A `library:changed` event: the report is read again while the Stats page shows it. */
  healthTablesChanged(tables: readonly string[]): void
}

/** Whether a job has ended (done, failed or cancelled). */
export function isFinished(job: HealthJob): boolean {
  return job.state === 'done' || job.state === 'failed' || job.state === 'cancelled'
}

/** Verify and relink: starting and cancelling them, their live progress (from any window) and what they found. */
export function createHealthSlice(api: Client): StateCreator<AppState, [], [], HealthSlice> {
  return (set, get) => {
    // An import's per-file changes cost one read of the report (as for the figures).
    const settle = batched(REPORT_SETTLE_MS, () => void get().loadHealthReport())
    const upsert = (job: HealthJob) =>
      set((state) => ({
        healthJobs: [job, ...state.healthJobs.filter((known) => known.id !== job.id)].sort((a, b) =>
          b.createdAt.localeCompare(a.createdAt),
        ),
      }))
    const loadItems = async (jobId: string) => {
      try {
        const { job, items } = await api['health:get']({ jobId, limit: LISTED })
        upsert(job)
        set((state) => ({ healthItems: { ...state.healthItems, [jobId]: items } }))
      } catch (error) {
        set({ healthError: toErrorShape(error) })
      }
    }
    const start = async (call: () => Promise<{ job: HealthJob }>) => {
      try {
        const { job } = await call()
        // The job's own events may have come first: an older snapshot must not undo them.
        if (!get().healthJobs.some((known) => known.id === job.id)) upsert(job)
        return undefined
      } catch (error) {
        return toErrorShape(error)
      }
    }
    return {
      healthJobs: [],
      healthProgress: {},
      healthItems: {},
      healthReport: undefined,
      healthError: undefined,
      chooseHealthFolder: api.chooseFolder,
      async loadHealth() {
        try {
          const { jobs } = await api['health:list']({})
          set({ healthJobs: jobs, healthError: undefined })
          const newest = (['verify', 'relink'] as const)
            .map((kind) => jobs.find((job) => job.kind === kind && isFinished(job)))
            .filter((job) => job !== undefined && !(job.id in get().healthItems))
          await Promise.all([...newest.map((job) => loadItems(job!.id)), get().loadHealthReport()])
        } catch (error) {
          set({ healthError: toErrorShape(error) })
        }
      },
      loadHealthReport: coalesced(async () => {
        try {
          set({ healthReport: await api['health:report']({ limit: LISTED }) })
        } catch (error) {
          set({ healthError: toErrorShape(error) })
        }
      }),
      startVerify: () => start(() => api['health:verify']({})),
      startRelink: (folder) => start(() => api['health:relink']({ folder })),
      async cancelHealthJob(jobId) {
        try {
          get().healthUpdated((await api['health:cancel']({ jobId })).job)
        } catch (error) {
          set({ healthError: toErrorShape(error) })
        }
      },
      healthProgressed(progress) {
        const job = get().healthJobs.find((known) => known.id === progress.jobId)
        // A tick that arrives after the job ended must not bring its progress bar back.
        if (job && isFinished(job)) return
        set((state) => ({ healthProgress: { ...state.healthProgress, [progress.jobId]: progress } }))
        // A job another window started, whose first event this window missed.
        if (!job) void loadItems(progress.jobId)
      },
      healthUpdated(job) {
        const known = get().healthJobs.find((other) => other.id === job.id)
        if (known && isFinished(known) && !isFinished(job)) return
        upsert(job)
        if (!isFinished(job)) return
        set((state) => ({
          healthProgress: Object.fromEntries(Object.entries(state.healthProgress).filter(([id]) => id !== job.id)),
        }))
        if (!known || !isFinished(known)) {
          void loadItems(job.id)
          void get().loadHealthReport()
        }
      },
      healthTablesChanged(tables) {
        if (get().view === 'stats' && tables.includes('videos')) settle()
      },
    }
  }
}
