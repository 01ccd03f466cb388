import type { MediaAsset } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { TimelineFrameRow, TimelineRow } from '../../db/repos/timelines'
import type { Library } from '../library-context'
import { JobTakenOver } from '../../jobs/job-handler'
import { TIMELINES_KEY } from '../../library/library-paths'
import { extractFrames, type FramesConfig } from '../../pipelines/timeline-frames'
import { hashToHex } from '../../similar/hash-bits'
import { storeWithin, type ObjectStore } from '../../storage/object-store'
import { assetContentHash, assetLocalFile } from '../assets/content-hash'
import { createRootCheckpoint, getCheckpoint, type Checkpoint } from './checkpoints'

/** Named frame sizes: a timeline is one per (content, profile, fps). */
export const FRAME_PROFILES = {
  default: { longest_side: 720, quality: 85 },
  small: { longest_side: 360, quality: 85 },
  full: { longest_side: 4096, quality: 90 },
} as const satisfies Record<string, Omit<FramesConfig, 'fps'>>
export type FrameProfile = keyof typeof FRAME_PROFILES

/** The frames config a new timeline of this profile and fps is sampled with (and stored with). */
export function framesConfig(profile: FrameProfile, fps: number): FramesConfig {
  return { fps, ...FRAME_PROFILES[profile], sampling: 'source-times' }
}

// Frames are grouped by minute of source time: a chunk is what one worker of a long timeline would take.
const CHUNK_SECONDS = 60

/** The library's frames: its object store below `derived/timelines/`, by a frame row's `frameKey`. */
export function frameStore(lib: Pick<Library, 'store'>): ObjectStore {
  return storeWithin(lib.store, TIMELINES_KEY)
}

// Per store, the sweep of what killed runs left (see sweepUnmadeTimelines): a timeline made meanwhile waits for it.
const sweeps = new WeakMap<ObjectStore, Promise<void>>()

/**
 * Clears what a killed run left of timelines, at open: rows never made ready (listed as "created, 0 frames"),
 * the frames it had moved in under their keys, and its scratch folder of sampled frames. Nothing is cleared
 * while a pipeline run is under way in another process: those rows may be its own. Which runs are under way is
 * asked once `jobsSwept` settles (the job runner's sweep at open has failed the jobs of killed processes).
 */
export function sweepUnmadeTimelines(lib: Pick<Library, 'catalog' | 'store'>, jobsSwept: Promise<void>): Promise<void> {
  const swept = jobsSwept
    .then(() => sweepUnmade(lib))
    .catch((error: unknown) => console.error('What stopped pipeline runs left was not all cleared:', error))
  sweeps.set(lib.store, swept)
  return swept
}

async function sweepUnmade(lib: Pick<Library, 'catalog' | 'store'>): Promise<void> {
  const { timelines } = lib.catalog.repos
  const running = (await lib.catalog.repos.jobs.unfinished()).some((job) => job.kind === 'pipeline-run')
  // The rows go in one statement, before the library serves requests (Library.opened); their frames' folders after.
  const unmade = running ? [] : await timelines.deleteUnmade()
  const store = frameStore(lib)
  const folders = unmade.map((timeline) => timelineFolderKey(timeline.contentHash, timeline.profile, timeline.fps))
  await Promise.all([...folders.map((folder) => store.delete(folder)), lib.store.sweepScratch()])
}

/** A timeline and its root checkpoint; `cached` when its frames were there already (no ffmpeg ran). */
export interface TimelineOfRun {
  timeline: TimelineRow
  root: Checkpoint
  cached: boolean
}

/**
 * The timeline of an asset's content at `profile` and `fps`, made when missing: one ffmpeg pass writes the frames
 * into the store's scratch folder (a crash leaves nothing under a real key) and hashes them, the frames move in under their
 * keys, then their facts and the root checkpoint are stored in one transaction. A timeline left half made by a
 * killed run is cleared at the next open (sweepUnmadeTimelines), or made again.
 */
export async function ensureTimeline(
  lib: Pick<Library, 'catalog' | 'dir' | 'ingest' | 'store' | 'tools'>,
  asset: MediaAsset,
  request: { profile: FrameProfile; fps: number; runId: string | null },
  work: {
    signal: AbortSignal
    progress: (fraction: number, doing: string) => void
    /** Throws once the job is no longer this process's (another runner took it over): before the frames are stored. */
    held?: () => Promise<void>
  },
): Promise<TimelineOfRun> {
  if (asset.mediaType !== 'video') {
    throw new AppError('validation', `${asset.name} is not a video: a timeline samples frames of a video.`)
  }
  await sweeps.get(lib.store)
  const file = await assetLocalFile(lib, asset)
  work.progress(0, 'hashing')
  const contentHash = await assetContentHash(lib, asset, file, work.signal)
  const { repos } = lib.catalog
  const { timelines } = repos
  const existing = await timelines.find(contentHash, request.profile, request.fps)
  if (existing?.status === 'ready') {
    if (existing.videoId === null) await timelines.setVideo(existing.id, asset.id)
    const root = await repos.checkpoints.root(existing.id)
    return {
      timeline: (await timelines.get(existing.id))!,
      root: root
        ? (await getCheckpoint(repos, root.id))!
        : await createRootCheckpoint(repos, existing.id, existing.frameCount, request.runId),
      cached: true,
    }
  }
  const config = framesConfig(request.profile, request.fps)
  const id =
    existing?.id ??
    (await timelines.insert({
      videoId: asset.id,
      contentHash,
      profile: request.profile,
      fps: request.fps,
      config,
      createdAt: new Date().toISOString(),
    }))
  const folder = timelineFolderKey(contentHash, request.profile, request.fps)
  const store = frameStore(lib)
  await timelines.setStatus(id, 'created')
  await store.delete(folder)
  const scratch = await store.scratch()
  try {
    work.progress(0, 'sampling frames')
    const duration = asset.durationSeconds
    const frames = await extractFrames(lib.tools.ffmpeg, file, config, scratch.dir, {
      signal: work.signal,
      onFrame: (time) => duration && work.progress(Math.min(0.95, time / duration), 'sampling frames'),
    })
    const rows: TimelineFrameRow[] = []
    for (const frame of frames) {
      const frameKey = `${folder}/${String(frame.sequence).padStart(6, '0')}.jpg`
      await store.putFile(frameKey, frame.file)
      rows.push({
        sequence: frame.sequence,
        chunkId: Math.floor(frame.timestamp / CHUNK_SECONDS),
        timestamp: frame.timestamp,
        frameKey,
        perceptualHash: hashToHex(frame.hash),
        hashQuality: frame.hashQuality,
        bytes: frame.bytes,
      })
    }
    await work.held?.()
    await timelines.setStatus(id, 'cached', rows.length)
    const root = await lib.catalog.transaction(async (tx) => {
      await tx.timelines.writeFrames(id, rows)
      return createRootCheckpoint(tx, id, rows.length, request.runId)
    })
    return { timeline: (await timelines.get(id))!, root, cached: false }
  } catch (error) {
    // Taken over, the timeline is the new holder's to make: its row and its frames' folder stay.
    if (work.signal.reason instanceof JobTakenOver) throw error
    // A timeline whose frames never all arrived is no timeline: nothing of it is left to list.
    if (!existing) await timelines.delete(id)
    await store.delete(folder)
    throw error
  } finally {
    await scratch.release()
  }
}

/** The store key of a timeline's folder: `<hash[0..1]>/<hash>/<profile>-<fps>fps`. */
export function timelineFolderKey(contentHash: string, profile: string, fps: number): string {
  const hex = contentHash.replace(/^[a-z0-9]+:/, '')
  return `${hex.slice(0, 2)}/${hex}/${profile}-${fps}fps`
}
