import { setImmediate as nextTurn } from 'node:timers/promises'
import { CheckpointDeleteJob, type JobOf, type JobParams } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { CheckpointRow } from '../../db/repos/checkpoints'
import { jobHandler, type JobContext } from '../../jobs/job-handler'
import type { Library, Uses } from '../library-context'

type DeleteParams = JobParams<'checkpoint-delete'>
type Deleted = NonNullable<JobOf<'checkpoint-delete'>['result']>

// Checkpoints deleted in one transaction: other requests are answered between two batches.
const BATCH = 500

/** Deletes a checkpoint and its branch as a job and answers how many checkpoints went; a timeline's root is refused. */
export async function deleteBranch(lib: Pick<Library, 'catalog' | 'jobs'>, id: number): Promise<Deleted> {
  const checkpoint = await lib.catalog.repos.checkpoints.get(id)
  if (!checkpoint) throw new AppError('not_found', `No checkpoint ${id}.`)
  if (checkpoint.parentId === null) {
    throw new AppError('validation', `Checkpoint ${id} is the root of its timeline: delete its branches instead.`)
  }
  return deleteAsJob(
    lib,
    { of: 'branch', id },
    checkpoint.timelineId,
    (where) => `Delete checkpoint #${id} of ${where} and its branch`,
  )
}

/**
 * Keeps a timeline's newest `keep` checkpoints, the pinned ones, the scenarios and the root, with their ancestors;
 * deletes every other branch, as a job. Answers how many checkpoints went.
 */
export async function pruneTimeline(
  lib: Pick<Library, 'catalog' | 'jobs'>,
  timelineId: number,
  keep: number,
): Promise<Deleted> {
  if (!(await lib.catalog.repos.checkpoints.root(timelineId))) {
    throw new AppError('not_found', `No timeline ${timelineId}, or it has no checkpoints.`)
  }
  const kept = keep.toLocaleString('en-US')
  return deleteAsJob(
    lib,
    { of: 'prune', timelineId, keep },
    timelineId,
    (where) => `Prune the checkpoints of ${where}, keeping the newest ${kept}`,
  )
}

/**
 * The deletion's handler: retryable, since checkpoints go deepest first and a job run again deletes what is left
 * of the same branches. Uncounted: a person waits on it, never behind a queue of pipeline runs.
 */
export const checkpointDeleteHandler = jobHandler({
  kind: 'checkpoint-delete',
  params: CheckpointDeleteJob.shape.params,
  result: CheckpointDeleteJob.shape.result.unwrap(),
  retryable: true,
  runs: 'starter',
  uncounted: true,
  run: async (lib: Uses<'checkpoints'>, params, context) => deleteInBatches(lib, await doomed(lib, params), context),
})

/** Runs the deletion as a job titled after its timeline as a person knows it (`clip.mp4 (default@2fps)`), and waits for it. */
async function deleteAsJob(
  lib: Pick<Library, 'catalog' | 'jobs'>,
  params: DeleteParams,
  timelineId: number,
  titled: (where: string) => string,
): Promise<Deleted> {
  const timeline = await lib.catalog.repos.timelines.get(timelineId)
  const assetId = timeline?.videoId ?? null
  const asset = assetId === null ? undefined : await lib.catalog.repos.media.get(assetId)
  const where = timeline
    ? `${asset?.name ?? 'a deleted video'} (${timeline.profile}@${timeline.fps}fps)`
    : `timeline ${timelineId}`
  const { id } = await lib.jobs.start('checkpoint-delete', params, { title: titled(where), assetId })
  await lib.jobs.settled(id)
  const ended = (await lib.jobs.get(id)) as JobOf<'checkpoint-delete'>
  if (ended.state === 'done' && ended.result) return ended.result
  const gone = `${(ended.result?.deleted ?? 0).toLocaleString('en-US')} checkpoints went before it stopped`
  if (ended.state === 'cancelled') throw new AppError('conflict', `The deletion was cancelled: ${gone}.`)
  throw new AppError('io', `The deletion failed (${ended.error ?? 'no reason given'}): ${gone}.`)
}

async function deleteInBatches(
  lib: Uses<'checkpoints'>,
  ids: number[],
  { signal, progress, keep }: JobContext<Deleted>,
): Promise<Deleted> {
  const result: Deleted = { deleted: 0 }
  keep(result)
  const total = ids.length.toLocaleString('en-US')
  for (let at = 0; at < ids.length && !signal.aborted; at += BATCH) {
    result.deleted += await lib.catalog.repos.checkpoints.deleteLeavesFirst(ids.slice(at, at + BATCH))
    progress(Math.min(1, (at + BATCH) / ids.length), `${result.deleted.toLocaleString('en-US')} of ${total} deleted`)
    await nextTurn()
  }
  return result
}

/** The checkpoints a deletion takes, deepest first (by falling id: a child's id is above its parent's). */
async function doomed(lib: Uses<'checkpoints'>, params: DeleteParams): Promise<number[]> {
  const { checkpoints } = lib.catalog.repos
  const timelineId = params.of === 'prune' ? params.timelineId : (await checkpoints.get(params.id))?.timelineId
  if (timelineId === undefined) return []
  const all = await checkpoints.ofTimeline(timelineId)
  const ids = params.of === 'prune' ? prunedOf(all, params.keep) : branchOf(all, params.id)
  return [...ids].sort((a, b) => b - a)
}

/** A checkpoint and everything below it (`all` in rising ids, parents before children: one pass finds them). */
function branchOf(all: readonly CheckpointRow[], id: number): Set<number> {
  const branch = new Set([id])
  for (const checkpoint of all) {
    if (checkpoint.parentId !== null && branch.has(checkpoint.parentId)) branch.add(checkpoint.id)
  }
  return branch
}

/** What a prune deletes: all but the newest `keep`, the pinned, the scenarios and the root, with their ancestors. */
function prunedOf(all: readonly CheckpointRow[], keep: number): Set<number> {
  const byId = new Map(all.map((checkpoint) => [checkpoint.id, checkpoint]))
  const newest = [...all].sort((a, b) => b.id - a.id).slice(0, keep)
  const kept = new Set<number>()
  for (const start of [...newest, ...all.filter((c) => c.pinned || c.isScenario || c.parentId === null)]) {
    for (let at: CheckpointRow | undefined = start; at && !kept.has(at.id); at = byId.get(at.parentId ?? -1)) {
      kept.add(at.id)
    }
  }
  // Everything not kept lies below a kept checkpoint's deleted child: whole branches.
  return new Set(all.filter((checkpoint) => !kept.has(checkpoint.id)).map((checkpoint) => checkpoint.id))
}
