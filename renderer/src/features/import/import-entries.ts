import type {
  ImportItem,
  ImportItemsCursor,
  ImportJob,
  ImportOutcome,
  ImportProgress,
} from '../../../../shared/contract'

/** Which outcomes a job's file list shows. */
export type ItemFilter = 'all' | ImportOutcome

/** One import as the panel shows it: the job, its live progress and the outcomes known so far. */
export interface ImportEntry {
  job: ImportJob
  progress: ImportProgress | undefined
  /** Outcomes loaded or pushed so far, in file order (seq). */
  items: ImportItem[]
  /** Per filter, where its next page starts: absent = none loaded yet, null = all loaded. */
  pages: Partial<Record<ItemFilter, ImportItemsCursor | null>>
}

// Enough for the panel; older jobs are in the database, not in memory.
const JOBS_KEPT = 20

/** The entries with `job` added or updated and `items` merged in, newest job first. */
export function withJob(entries: ImportEntry[], job: ImportJob, items: ImportItem[] = []): ImportEntry[] {
  const found = entries.find((entry) => entry.job.id === job.id)
  if (!found) {
    const entry: ImportEntry = { job, progress: undefined, items: mergeItems([], items), pages: {} }
    return [entry, ...entries].sort((a, b) => b.job.createdAt.localeCompare(a.job.createdAt)).slice(0, JOBS_KEPT)
  }
  const updated = { ...found, job: isNotOlder(job, found.job) ? job : found.job, items: mergeItems(found.items, items) }
  return entries.map((entry) => (entry === found ? updated : entry))
}

/** The entries with the job's next page for `filter` recorded. */
export function withItems(
  entries: ImportEntry[],
  jobId: string,
  filter: ItemFilter,
  next: ImportItemsCursor | null,
): ImportEntry[] {
  return entries.map((entry) =>
    entry.job.id === jobId ? { ...entry, pages: { ...entry.pages, [filter]: next } } : entry,
  )
}

/** How many outcomes `filter` covers in all, by the job's counts. */
export function filterTotal(job: ImportJob, filter: ItemFilter): number {
  const { imported, duplicate, failed } = job.counts
  return filter === 'all' ? imported + duplicate + failed : job.counts[filter]
}

// A call's reply and the events about the same job travel separately: never let a stale copy win.
const STATE_RANK = { queued: 0, running: 1, done: 2, failed: 2, cancelled: 2 } as const

function isNotOlder(incoming: ImportJob, current: ImportJob): boolean {
  const finished = (job: ImportJob) => job.counts.imported + job.counts.duplicate + job.counts.failed
  const rank = STATE_RANK[incoming.state] - STATE_RANK[current.state]
  return rank !== 0 ? rank > 0 : finished(incoming) >= finished(current)
}

function mergeItems(current: ImportItem[], incoming: ImportItem[]): ImportItem[] {
  // One outcome per event while a job runs (10,000 in a big job): placed by binary search, no full sort.
  if (incoming.length === 1) return withOne(current, incoming[0]!)
  const known = new Set(current.map((item) => item.seq))
  const fresh: ImportItem[] = []
  for (const item of incoming) {
    // Marked on the way, so a seq twice in one batch is kept once too.
    if (known.has(item.seq)) continue
    known.add(item.seq)
    fresh.push(item)
  }
  return fresh.length === 0 ? current : [...current, ...fresh].sort((a, b) => a.seq - b.seq)
}

function withOne(current: ImportItem[], item: ImportItem): ImportItem[] {
  let low = 0
  let high = current.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (current[middle]!.seq < item.seq) low = middle + 1
    else high = middle
  }
  if (current[low]?.seq === item.seq) return current
  return [...current.slice(0, low), item, ...current.slice(low)]
}
