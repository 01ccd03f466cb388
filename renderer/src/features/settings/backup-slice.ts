import type { StateCreator } from 'zustand'
import type { BackupFile, BackupProgress, BackupResult, RestoreResult } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import type { Client } from '../../api/client'
import { toErrorShape } from '../../ui/error-shape'
import type { AppState } from '../../app/store'

/** The backup this window started: copying (pages so far), finished, or failed. */
export type BackupRun =
  | { status: 'idle' }
  | { status: 'running'; pagesDone: number; pagesTotal: number }
  | { status: 'done'; result: BackupResult }
  | { status: 'failed'; error: ErrorShape }

export interface BackupSlice {
  /** The library's backups, newest first, and the folder they are in. */
  backups: BackupFile[]
  backupsFolder: string | undefined
  backupsError: ErrorShape | undefined
  backupRun: BackupRun
  loadBackups(): Promise<void>
  /** Backs the library up into its backups folder; progress arrives as events. */
  backUp(): Promise<void>
  backupProgressed(progress: BackupProgress): void
  /** Restores a listed backup into `target`; resolves to the result or the error, for the form to show. */
  restoreBackup(backup: string, target: string): Promise<{ result: RestoreResult } | { error: ErrorShape }>
  /** The OS folder dialog for a restore target, where the host has one (Electron only). */
  chooseFolder: (() => Promise<string | null>) | undefined
}

/** Backing the library up with live progress, the list of its backups, and restoring one. */
export function createBackupSlice(api: Client): StateCreator<AppState, [], [], BackupSlice> {
  return (set, get) => ({
    backups: [],
    backupsFolder: undefined,
    backupsError: undefined,
    backupRun: { status: 'idle' },
    chooseFolder: api.chooseFolder,
    async loadBackups() {
      try {
        const { folder, backups } = await api['library:backups']({})
        set({ backups, backupsFolder: folder, backupsError: undefined })
      } catch (error) {
        set({ backupsError: toErrorShape(error) })
      }
    },
    async backUp() {
      if (get().backupRun.status === 'running') return
      set({ backupRun: { status: 'running', pagesDone: 0, pagesTotal: 0 } })
      try {
        set({ backupRun: { status: 'done', result: await api['library:backup']({}) } })
      } catch (error) {
        set({ backupRun: { status: 'failed', error: toErrorShape(error) } })
      }
      void get().loadBackups()
    },
    backupProgressed(progress) {
      const running = get().backupRun.status === 'running'
      // The reply ends this window's run; a late event must not turn "done" back into "running".
      if (running) {
        set({ backupRun: { status: 'running', pagesDone: progress.pagesDone, pagesTotal: progress.pagesTotal } })
      }
      // Another window's finished backup belongs in this window's list too; while this window's own
      // run is going, backUp reloads the list after the reply (which also shows the other one).
      if (progress.done && !running) void get().loadBackups()
    },
    async restoreBackup(backup, target) {
      try {
        return { result: await api['library:restore']({ backup, target }) }
      } catch (error) {
        return { error: toErrorShape(error) }
      }
    },
  })
}
