import type { QueryClient, QueryObserverOptions } from '@tanstack/react-query'
import type { ImportJob, ImportOutcome } from '../../../../shared/contract'
import type { AppError } from '../../../../shared/errors'
import type { Client } from '../../api/client'
import { mayReadNow } from '../../api/may-read'
import { withItems, withJob, type ImportEntry, type ItemFilter } from './import-entries'

// Jobs loaded with their first page of outcomes when the window opens; the panel shows the undismissed among them.
const JOBS_LOADED = 5
// Outcomes fetched per page of a job's file list.
const ITEMS_PAGE = 200

/** The cache key of the recent imports (read once, then kept current by import events rather than by topics). */
export const RECENT_IMPORTS = ['imports:recent'] as const

const entriesIn = (cache: QueryClient) => cache.getQueryData<ImportEntry[]>(RECENT_IMPORTS) ?? []

/** Changes the recent imports in `cache` (an event or an answer about one of them). */
function changeEntries(cache: QueryClient, change: (entries: ImportEntry[]) => ImportEntry[]): void {
  cache.setQueryData<ImportEntry[]>(RECENT_IMPORTS, (entries = []) => change(entries))
}

/** Reads a page of a job's outcomes for `filter` into the recent imports. */
async function readPage(
  api: Client,
  cache: QueryClient,
  jobId: string,
  filter: ItemFilter,
  after: ImportEntry['pages'][ItemFilter],
) {
  const outcome: ImportOutcome | undefined = filter === 'all' ? undefined : filter
  const { job, items, nextCursor } = await api['import:get']({
    jobId,
    outcome,
    after: after ?? null,
    limit: ITEMS_PAGE,
  })
  changeEntries(cache, (entries) => withItems(withJob(entries, job, items), job.id, filter, nextCursor))
}

/**
 * The query of the recent imports with their first outcomes: read once (and again after a lost backend is back);
 * what events said meanwhile is kept, as the entries merge by job and by file.
 */
export function recentImportsQuery(api: Client): QueryObserverOptions<ImportEntry[], AppError> {
  return {
    queryKey: RECENT_IMPORTS,
    gcTime: Infinity,
    queryFn: async ({ client }) => {
      const { jobs } = await api['import:list']({ limit: JOBS_LOADED })
      await Promise.all(jobs.map((job) => readPage(api, client, job.id, 'all', null)))
      return entriesIn(client)
    },
  }
}

/** Loads the next page of a job's outcomes for `filter`, unless all are loaded. */
export async function loadImportItems(
  api: Client,
  cache: QueryClient,
  jobId: string,
  filter: ItemFilter,
): Promise<void> {
  const entry = entriesIn(cache).find((candidate) => candidate.job.id === jobId)
  const next = entry?.pages[filter]
  if (!entry || next === null) return
  await readPage(api, cache, jobId, filter, next)
}

/** Records an import a call answered with (started or cancelled). */
export function importAnswered(cache: QueryClient, job: ImportJob): void {
  changeEntries(cache, (entries) => withJob(entries, job))
}

/** Follows imports' events into the recent imports: state, each file's outcome, progress. Returns the unsubscribe. */
export function followImports(api: Client, cache: QueryClient): () => void {
  // Read at once (the query is kept for the window's life, shown or not: gcTime Infinity): events from now on change the list, and the panel must not take their entries for all there is.
  // Not for who may not read imports (a client limited to shared collections).
  void mayReadNow(api, cache, 'import:list').then((may) =>
    may ? cache.prefetchQuery(recentImportsQuery(api)) : undefined,
  )
  return api.onEvent((event) => {
    if (event.name === 'import:updated') {
      const { job, item } = event.payload
      changeEntries(cache, (entries) => withJob(entries, job, item ? [item] : []))
    } else if (event.name === 'import:progress') {
      const progress = event.payload
      changeEntries(cache, (entries) =>
        entries.map((entry) => (entry.job.id === progress.jobId ? { ...entry, progress } : entry)),
      )
    }
  })
}
