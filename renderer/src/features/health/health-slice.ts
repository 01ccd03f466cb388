import type { StateCreator } from 'zustand'
import { HealthJobKind, type HealthResult } from '../../../../shared/contract'
import type { EventPayload, HealthReport, Job, JobProgress } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import type { Client } from '../../api/client'
import { toErrorShape } from '../../ui/error-shape'
import type { AppState } from '../../app/store'
import { batched } from '../../ui/batched'
import { coalesced } from '../../ui/coalesced'
import { isFinished, JOB_RANK } from '../../ui/tracked-job'

// How many flagged assets of each kind are fetched for display.
export const LISTED = 1000
const REPORT_SETTLE_MS = 300

export interface HealthSlice {
  /** Verify and relink jobs (the newest of each kind when loaded, then any window's as they come), newest first. */
  healthJobs: Job[]
  /** Live progress of running health jobs, by job id (dropped when the job ends). */
  healthProgress: Record<string, JobProgress>
  /** The assets flagged missing or changed, as stored. */
  healthReport: HealthReport | undefined
  healthError: ErrorShape | undefined
  /** The OS folder dialog for a relink folder, where the host has one (Electron only). */
  chooseHealthFolder: (() => Promise<string | null>) | undefined
  /** Loads the newest job of each kind (with its stored result) and the report. */
  loadHealth(): Promise<void>
  loadHealthReport(): Promise<void>
  /** Starts a verify of every asset; resolves to the refusal, if any, for the form to show. */
  startVerify(): Promise<ErrorShape | undefined>
  /** Starts a relink in `folder`; resolves to the refusal (path gate, no such folder), if any. */
  startRelink(folder: string): Promise<ErrorShape | undefined>
  cancelHealthJob(jobId: string): Promise<void>
  /** A `job:progress` event (other kinds' are ignored). */
  healthProgressed(progress: EventPayload<'job:progress'>): void
  /** A `job:updated` event (other kinds' are ignored). */
  healthUpdated(job: Job): void
  /** A `library:changed` event: the report is read again while the Stats page shows it. */
  healthTablesChanged(tables: readonly string[]): void
}

const isHealthKind = (kind: Job['kind']): boolean => HealthJobKind.safeParse(kind).success

/** What a verify or relink found, as its job stored it (none for a job that never started). */
export function healthResultOf(job: Job): HealthResult | undefined {
  return (job.kind === 'verify' || job.kind === 'relink') && job.result ? job.result : undefined
}

/** Verify and relink: starting and cancelling them, their live progress (from any window) and what they found. */
export function createHealthSlice(api: Client): StateCreator<AppState, [], [], HealthSlice> {
  return (set, get) => {
    // An import's per-file changes cost one read of the report (as for the figures).
    const settle = batched(REPORT_SETTLE_MS, () => void get().loadHealthReport())
    const upsert = (job: Job) =>
      set((state) => ({
        healthJobs: [job, ...state.healthJobs.filter((known) => known.id !== job.id)].sort((a, b) =>
          b.createdAt.localeCompare(a.createdAt),
        ),
      }))
    const fetchJob = async (jobId: string) => {
      try {
        get().healthUpdated((await api['jobs:get']({ jobId })).job)
      } catch (error) {
        set({ healthError: toErrorShape(error) })
      }
    }
    const start = async (call: () => Promise<{ job: Job }>) => {
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
      healthReport: undefined,
      healthError: undefined,
      chooseHealthFolder: api.chooseFolder,
      async loadHealth() {
        try {
          const [lists] = await Promise.all([
            Promise.all(HealthJobKind.options.map((kind) => api['jobs:list']({ kind, limit: 1 }))),
            get().loadHealthReport(),
          ])
          const jobs = lists.flatMap((list) => list.jobs).sort((a, b) => b.createdAt.localeCompare(a.createdAt))
          const running = jobs.flatMap((job) => (job.progress ? [[job.id, job.progress] as const] : []))
          set({ healthJobs: jobs, healthProgress: Object.fromEntries(running), healthError: undefined })
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
          get().healthUpdated((await api['jobs:cancel']({ jobId })).job)
        } catch (error) {
          set({ healthError: toErrorShape(error) })
        }
      },
      healthProgressed({ jobId, kind, ...progress }) {
        if (!isHealthKind(kind)) return
        const job = get().healthJobs.find((known) => known.id === jobId)
        // A tick that arrives after the job ended must not bring its progress bar back.
        if (job && isFinished(job)) return
        set((state) => ({ healthProgress: { ...state.healthProgress, [jobId]: progress } }))
        // A job another window (or process) started, whose first event this window missed.
        if (!job) void fetchJob(jobId)
      },
      healthUpdated(job) {
        if (!isHealthKind(job.kind)) return
        const known = get().healthJobs.find((other) => other.id === job.id)
        // A late event must not undo a later state.
        if (known && JOB_RANK[known.state] > JOB_RANK[job.state]) return
        upsert(job)
        if (!isFinished(job)) return
        set((state) => ({
          healthProgress: Object.fromEntries(Object.entries(state.healthProgress).filter(([id]) => id !== job.id)),
        }))
        if (!known || !isFinished(known)) void get().loadHealthReport()
      },
      healthTablesChanged(tables) {
        if (get().view === 'stats' && tables.includes('videos')) settle()
      },
    }
  }
}
