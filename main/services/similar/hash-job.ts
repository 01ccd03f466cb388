import { setImmediate as nextTurn } from 'node:timers/promises'
import { SimilarHashJob, type HashPart, type Job, type JobOf } from '../../../shared/contract'
import type { UnhashedAsset, StoredFrames } from '../../db/repos/similar'
import { jobHandler, type JobContext } from '../../jobs/job-handler'
import { assetBytesFile } from '../../storage/asset-bytes'
import type { Library } from '../library-context'
import { imageHash, videoFrameHashes } from '../../similar/frame-hashes'
import type { FrameHash } from '../../similar/frame-match'
import { framesToBlob } from '../../similar/frame-blob'
import { HASH_CONFIG_HASH } from './hash-config'

type HashJob = JobOf<'similar-hash'>
type HashLibrary = Pick<Library, 'catalog' | 'dir' | 'importer' | 'jobs' | 'store' | 'tools'>
type HashResult = NonNullable<HashJob['result']>

// Assets read from the database at a time; the job asks again after each batch, so imports meanwhile join it.
const BATCH = 50
// The jobs a team library's hashing is cut into, by the first hex digit of the assets' ids (at most 16).
const SHARED_PARTS = 8

/**
 * Starts the job that hashes the frames of every asset with pictures whose content has none yet, or
 * returns the one queued or running (one at a time, in any process; in a team library, a job for each of its parts
 * with assets waiting and none running). Each asset's hashes are stored as
 * it ends, so a cancelled or interrupted job resumes where it stopped; a file that cannot be hashed is
 * stored with its reason and not tried again.
 */
export function startHashing(lib: Pick<Library, 'catalog' | 'jobs'>): Promise<HashJob> {
  // Starts asked for while one is being started get that one.
  let pending = starting.get(lib.jobs)
  if (!pending) {
    pending = startOnce(lib).finally(() => starting.delete(lib.jobs))
    starting.set(lib.jobs, pending)
  }
  return pending
}
const starting = new WeakMap<object, Promise<HashJob>>()

async function startOnce(lib: Pick<Library, 'catalog' | 'jobs'>): Promise<HashJob> {
  const { similar } = lib.catalog.repos
  // A team library's workers share the hashing: a job for each part of the assets, each on whichever is free.
  const shared = (await lib.jobs.queue()).kinds.includes('similar-hash')
  if (!shared) {
    const active = await activeHashJob(lib)
    if (active) return active
    const total = await similar.countUnhashed(HASH_CONFIG_HASH)
    // Asked again: another process may have started one while this one counted.
    return (await activeHashJob(lib)) ?? startPart(lib, total)
  }
  // A part that ended before an import meanwhile never sees its new assets: each part with assets waiting and no
  // job of its own running gets one (a job of the whole library, from before, covers them all).
  const active = await activeHashJobs(lib)
  const whole = active.find((job) => !job.params.part)
  if (whole) return whole
  const covered = new Set(active.map((job) => job.params.part!.index))
  const started: HashJob[] = []
  for (let index = 0; index < SHARED_PARTS; index++) {
    if (covered.has(index)) continue
    const part = { index, of: SHARED_PARTS }
    const count = await similar.countUnhashed(HASH_CONFIG_HASH, part)
    if (count > 0) started.push(await startPart(lib, count, part))
  }
  return started[0] ?? active[0] ?? startPart(lib, 0)
}

function startPart(lib: Pick<Library, 'jobs'>, total: number, part?: HashPart): Promise<HashJob> {
  const noun = total === 1 ? 'asset' : 'assets'
  const of = part ? ` (part ${part.index + 1} of ${part.of})` : ''
  const title = `Hash frames of ${total.toLocaleString('en-US')} ${noun} for near-duplicates${of}`
  return lib.jobs.start('similar-hash', part ? { total, part } : { total }, { title })
}

/**
 * The hashing job's handler: retryable, since each asset's hashes are stored as it ends and a job run again
 * starts with the assets still unhashed.
 */
export const similarHashHandler = jobHandler({
  kind: 'similar-hash',
  params: SimilarHashJob.shape.params,
  result: SimilarHashJob.shape.result.unwrap(),
  retryable: true,
  runs: 'anywhere',
  exclusive: 'similar-hash',
  // After an import that added assets (in the background: it queues once the import has ended).
  after: async (lib: HashLibrary, ended: Job) => {
    if (ended.kind === 'import' && ended.state === 'done' && (ended.result?.counts.imported ?? 0) > 0)
      await startHashing(lib)
  },
  run: (lib: HashLibrary, params, context) => hashAll(lib, context, params.total, params.part),
})

/** The hashing job queued or running, if any (the first of a team library's parts). */
export async function activeHashJob(lib: Pick<Library, 'jobs'>): Promise<HashJob | null> {
  return (await activeHashJobs(lib))[0] ?? null
}

/** The hashing jobs queued or running: one, or a team library's parts. */
async function activeHashJobs(lib: Pick<Library, 'jobs'>): Promise<HashJob[]> {
  const newest = await lib.jobs.list({ kind: 'similar-hash', limit: 50 })
  return newest.filter((job) => job.state === 'queued' || job.state === 'running') as HashJob[]
}

async function hashAll(
  lib: Pick<Library, 'catalog' | 'dir' | 'importer' | 'store' | 'tools'>,
  context: JobContext<HashResult>,
  total: number,
  part: HashPart | undefined,
): Promise<HashResult> {
  const { signal, progress, keep } = context
  const result: HashResult = { counts: { hashed: 0, failed: 0 } }
  keep(result)
  const { similar } = lib.catalog.repos
  let afterId = ''
  for (;;) {
    const batch = await similar.unhashed(HASH_CONFIG_HASH, afterId, BATCH, part)
    if (signal.aborted) break
    if (batch.length === 0) {
      // Ids are not in import order: an asset imported meanwhile may lie behind, so the job ends with a pass from the
      // start that finds nothing (every asset it went past is stored, or its content is).
      if (afterId === '') break
      afterId = ''
      continue
    }
    for (const asset of batch) {
      afterId = asset.id
      // Another asset of the same content may have been hashed since the batch was read.
      if (await similar.get(asset.fileHash, HASH_CONFIG_HASH)) continue
      const done = result.counts.hashed + result.counts.failed
      const at = `${(done + 1).toLocaleString('en-US')} of ${Math.max(total, done + 1).toLocaleString('en-US')} · ${asset.name}`
      progress(Math.min(1, done / Math.max(total, 1)), at, { files: { done, total: Math.max(total, done) } })
      // Posters come first: the grid waits on them, near-duplicates can wait on the thumbnails still to make.
      await untilDoneOrAborted(lib.importer.thumbnailsIdle(), signal)
      if (signal.aborted) break
      const stored = await hashAsset(lib, asset, signal)
      if (signal.aborted) break
      await similar.put(asset.fileHash, HASH_CONFIG_HASH, stored)
      result.counts[stored.error === null ? 'hashed' : 'failed']++
      // Between assets the event loop serves whatever waits (a page of the Library) first.
      await nextTurn()
    }
  }
  return result
}

/** One asset's frames, packed, or the reason it has none; throws only when the job is cancelled. */
async function hashAsset(
  lib: Pick<Library, 'dir' | 'store' | 'tools'>,
  asset: UnhashedAsset,
  signal: AbortSignal,
): Promise<StoredFrames> {
  const none = (error: string): StoredFrames => ({ frameCount: 0, frames: Buffer.alloc(0), error, picture: null })
  try {
    const file = await assetBytesFile(lib, asset)
    const frames: FrameHash[] = []
    let picture: string | null = null
    if (asset.mediaType === 'image') {
      frames.push({ ...(await imageHash(lib.tools.ffmpeg, file, { signal })), timestampSeconds: 0 })
    } else {
      const sampled = videoFrameHashes(lib.tools.ffmpeg, file, {
        signal,
        durationSeconds: asset.durationSeconds,
        onPictureArea: (area) => (picture = area && `${area.width}x${area.height}`),
      })
      for await (const frame of sampled) frames.push(frame)
    }
    if (frames.length === 0) return none('ffmpeg gave no frame to hash.')
    return { frameCount: frames.length, frames: framesToBlob(frames), error: null, picture }
  } catch (error) {
    if (signal.aborted) throw error
    return none(error instanceof Error ? error.message : String(error))
  }
}

/** Resolves when `work` settles or `signal` aborts, whichever is first, leaving no listener behind. */
function untilDoneOrAborted(work: Promise<unknown>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
    work.then(done, done)
  })
}
