import type { EventMessage } from '../../../shared/contract'
import type { Library } from '../library-context'
import { HASH_CONFIG_HASH } from './hash-config'
import { activeHashJob } from './hash-job'
import { similarGroups } from './similar-view'

// Jobs that can change the groups: hashing adds frames; a verify or relink flags files missing (not compared) or back.
const GROUPING_JOBS = new Set(['similar-hash', 'verify', 'relink'])
const ENDED = new Set(['done', 'failed', 'cancelled'])

/**
 * Whether an event may change the groups: 'begins' when a job that can change them starts (they may be behind
 * from then on), 'changed' when it ends, a pair is dismissed or taken back, or assets are deleted or restored.
 */
function groupsChange(event: EventMessage): 'begins' | 'changed' | null {
  if (event.name === 'job:updated') {
    const { kind, state } = event.payload.job
    if (!GROUPING_JOBS.has(kind)) return null
    return ENDED.has(state) ? 'changed' : state === 'running' ? 'begins' : null
  }
  if (event.name !== 'library:changed') return null
  const { tables } = event.payload
  // The trash names both tables when asset rows left or came back (emptying it names the trash's alone).
  const rowsMoved = tables.includes('videos') && tables.includes('trash_entries')
  return tables.includes('similar_dismissed') || rowsMoved ? 'changed' : null
}

/**
 * Keeps `near_duplicate_assets` (migration 0250) the members of the groups the review page shows (`similarGroups`,
 * every share, dismissed pairs left out), so the library's filter and counts read it as a column. Recomputed in the
 * background after each change, one at a time (a change meanwhile runs it once more); `library:changed` names the
 * table when its rows changed. A change first notes the table stale in the database, so one that this process does
 * not live to recompute (closed or killed meanwhile, or a library hashed before 0250) is recomputed at the next open.
 */
export function keepNearDuplicateSet(lib: Pick<Library, 'catalog' | 'events' | 'jobs' | 'nearDuplicates'>): {
  stop(): Promise<void>
} {
  const repo = lib.catalog.repos.similar
  let running: Promise<void> | null = null
  let again = false
  let stopped = false
  const recompute = () => {
    if (stopped) return
    if (running) {
      again = true
      return
    }
    running = (async () => {
      do {
        again = false
        await refresh(lib)
      } while (again && !stopped)
    })()
      .catch((error: unknown) => console.error('The assets with near-duplicates were not brought up to date:', error))
      .finally(() => (running = null))
  }
  const failed = (error: unknown) => console.error('The note that near-duplicates may be behind failed:', error)
  let noted = repo.nearDuplicatesStale().then((stamp) => (stamp === null ? undefined : recompute()), failed)
  const unsubscribe = lib.events.subscribe((event) => {
    const change = groupsChange(event)
    if (change === null) return
    // Sent at once (on a library's connection it is written before the event's other listeners run); the recompute
    // it starts waits for it, so it reads the note.
    const marked = repo.markNearDuplicatesStale().catch(failed)
    noted = Promise.all([noted, marked]).then(() => (change === 'changed' ? recompute() : undefined))
  })
  return {
    /** Recomputes no more (what changes from now on stays noted for the next open); waits for one under way. */
    async stop() {
      stopped = true
      unsubscribe()
      await noted
      await running
    },
  }
}

/** Writes the grouped assets if noted stale; clears the note when nothing changed meanwhile and no hashing runs. */
async function refresh(lib: Pick<Library, 'catalog' | 'jobs' | 'nearDuplicates'>): Promise<void> {
  const { similar } = lib.catalog.repos
  const stamp = await similar.nearDuplicatesStale()
  if (stamp === null) return
  const ids = (await similar.anyFrames(HASH_CONFIG_HASH)) ? await groupedIds(lib) : []
  await similar.replaceNearDuplicateAssets(ids)
  // Cleared once the rows are written (a process that dies before leaves the note for the next open).
  if ((await activeHashJob(lib)) === null) await similar.clearNearDuplicatesStale(stamp)
}

/** Every member of every group of near-duplicates, as the review page groups them. */
async function groupedIds(lib: Pick<Library, 'catalog' | 'nearDuplicates'>): Promise<string[]> {
  const { groups } = await similarGroups(lib, { minShare: 0, offset: 0, limit: Number.MAX_SAFE_INTEGER })
  return groups.flatMap((group) => group.members.map((member) => member.asset.id))
}
