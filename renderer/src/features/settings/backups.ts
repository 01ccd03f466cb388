import type { QueryClient } from '@tanstack/react-query'
import type { BackupProgress, BackupResult } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import type { Client } from '../../api/client'
import { backendQuery } from '../../api/query-cache'
import { toErrorShape } from '../../ui/error-shape'
import { writeThrough } from '../../api/writes'

/** The backup this window started: copying (pages so far), finished, or failed. */
export type BackupRun =
  | { status: 'idle' }
  | { status: 'running'; pagesDone: number; pagesTotal: number }
  | { status: 'done'; result: BackupResult }
  | { status: 'failed'; error: ErrorShape }

/** The query key of this window's backup run (kept for the window's life, so the page shows it when opened again). */
export const BACKUP_RUN = ['backup:run'] as const
const BACKUPS = ['library:backups']

/** The library's backups, newest first, and their folder: read each time the settings page opens. */
export const backupsQuery = (client: Client) => ({
  ...backendQuery(client, 'library:backups', {}),
  refetchOnMount: 'always' as const,
})

/** This window's backup run as `cache` holds it. */
export const backupRunOf = (cache: QueryClient): BackupRun =>
  cache.getQueryData<BackupRun>(BACKUP_RUN) ?? { status: 'idle' }

/** Backs the library up into its backups folder (unless this window's run is going); progress arrives as events. */
export async function backUp(client: Client, cache: QueryClient): Promise<void> {
  if (backupRunOf(cache).status === 'running') return
  const set = (run: BackupRun) => cache.setQueryData(BACKUP_RUN, run)
  set({ status: 'running', pagesDone: 0, pagesTotal: 0 })
  try {
    set({ status: 'done', result: await writeThrough(client, cache)('library:backup', {}) })
  } catch (error) {
    set({ status: 'failed', error: toErrorShape(error) })
    // What a failed run left (nothing, or another window's meanwhile): the list as it stands.
    void cache.invalidateQueries({ queryKey: BACKUPS })
  }
}

/**
 * Follows `library:backup-progress` into `cache`: this window's run moves on, and another window's
 * finished backup joins the list. Returns the unsubscribe.
 */
export function followBackups(client: Client, cache: QueryClient): () => void {
  cache.setQueryDefaults(BACKUP_RUN, { gcTime: Infinity, staleTime: Infinity })
  return client.onEvent((event) => {
    if (event.name === 'library:backup-progress') progressed(cache, event.payload)
  })
}

function progressed(cache: QueryClient, { pagesDone, pagesTotal, done }: BackupProgress): void {
  const running = backupRunOf(cache).status === 'running'
  // The reply ends this window's run; a late event must not turn "done" back into "running".
  if (running) cache.setQueryData<BackupRun>(BACKUP_RUN, () => ({ status: 'running', pagesDone, pagesTotal }))
  // While this window's own run is going, backUp reads the list after the reply (which shows the other one too).
  if (done && !running) void cache.invalidateQueries({ queryKey: BACKUPS })
}
