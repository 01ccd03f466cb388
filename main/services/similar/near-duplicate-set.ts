import { NearDuplicateSetJob } from '../../../shared/contract'
import { jobHandler } from '../../jobs/job-handler'
import { SEES_ALL } from '../visibility/visibility'
import type { Library } from '../library-context'
import { HASH_CONFIG_HASH } from './hash-config'
import { activeHashJob } from './hash-job'
import { similarGroups } from './similar-view'

type SetLibrary = Pick<Library, 'catalog' | 'jobs' | 'nearDuplicates'>

/**
 * The job that keeps `near_duplicate_assets` (migration 0250) the members of the groups the review page shows
 * (`similarGroups`, every share, dismissed pairs left out), so the library's filter and counts read it as a column
 * (`library:changed` names the table when its rows changed). It follows the jobs that can change the groups
 * (hashing adds frames; a verify or relink flags files missing or back: app/job-follow-ups.ts), and the writes
 * that do (`nearDuplicatesChanged`). A change first notes the set stale in the database, so one that no process
 * lived to recompute (or a library hashed before 0250) is recomputed at the next open (`keepNearDuplicateSet`).
 */
export const nearDuplicateSetHandler = jobHandler({
  kind: 'near-duplicate-set',
  params: NearDuplicateSetJob.shape.params,
  result: NearDuplicateSetJob.shape.result.unwrap(),
  retryable: true,
  runs: 'anywhere',
  exclusive: 'near-duplicate-set',
  after: (lib: SetLibrary) => nearDuplicatesChanged(lib),
  run: async (lib: SetLibrary) => ({ assets: await refresh(lib) }),
})

/**
 * Notes that the groups may have changed (a pair dismissed or taken back, assets deleted or restored, frames hashed)
 * and queues the job that brings the set up to date, unless one waits to start already. A library with no frames
 * hashed has no groups to change.
 */
export async function nearDuplicatesChanged(lib: Pick<Library, 'catalog' | 'jobs'>): Promise<void> {
  const { similar } = lib.catalog.repos
  if (!(await similar.anyFrames(HASH_CONFIG_HASH))) return
  await similar.markNearDuplicatesStale()
  await queueSetJob(lib)
}

/** At open: queues the job when the set was left noted stale. */
export async function keepNearDuplicateSet(lib: Pick<Library, 'catalog' | 'jobs'>): Promise<void> {
  if ((await lib.catalog.repos.similar.nearDuplicatesStale()) !== null) await queueSetJob(lib)
}

async function queueSetJob(lib: Pick<Library, 'jobs'>): Promise<void> {
  const newest = await lib.jobs.list({ kind: 'near-duplicate-set', limit: 10 })
  if (newest.some((job) => job.state === 'queued')) return
  await lib.jobs.start('near-duplicate-set', {}, { title: 'Bring the assets with near-duplicates up to date' })
}

/**
 * Writes the grouped assets if noted stale; clears the note when nothing changed meanwhile and no hashing runs.
 * Returns how many assets have near-duplicates, or null when the set was up to date (nothing was read).
 */
async function refresh(lib: SetLibrary): Promise<number | null> {
  const { similar } = lib.catalog.repos
  const stamp = await similar.nearDuplicatesStale()
  if (stamp === null) return null
  const ids = (await similar.anyFrames(HASH_CONFIG_HASH)) ? await groupedIds(lib) : []
  await similar.replaceNearDuplicateAssets(ids)
  // Cleared once the rows are written (a process that dies before leaves the note for the next open).
  if ((await activeHashJob(lib)) === null) await similar.clearNearDuplicatesStale(stamp)
  return ids.length
}

/** Every member of every group of near-duplicates, as the review page groups them (the library's, whoever asks). */
async function groupedIds(lib: Pick<Library, 'catalog' | 'nearDuplicates'>): Promise<string[]> {
  const everything = { ...lib, visibility: SEES_ALL }
  const { groups } = await similarGroups(everything, { minShare: 0, offset: 0, limit: Number.MAX_SAFE_INTEGER })
  return groups.flatMap((group) => group.members.map((member) => member.asset.id))
}
