import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { createLimiter } from '../../shared/limiter'
import { openLibrary } from '../../main/app/open-library'
import type { TimelineFrameRow } from '../../main/db/repos/timelines'
import { assetFile } from '../../main/library/asset-file'
import type { Library } from '../../main/services/library-context'
import { resolveMediaTools } from '../../main/media/media-tools'
import { runTool } from '../../main/media/tool-io'
import { currentContentHash } from '../../main/services/assets/content-hash'
import { createRootCheckpoint, saveStageOutput, type Checkpoint } from '../../main/services/pipelines/checkpoints'
import { FRAME_PROFILES, frameStore, timelineFolderKey } from '../../main/services/pipelines/timelines'
import { writeWordClip } from '../fixtures/on-screen-word-clip'
import { call } from './dispatch-call'
import { count, progress } from './figures'

/** An hour at 2 frames a second. */
export const FRAMES = 7200
const FPS = 2
// The tree: under the root, 9 dedupe tries, each with 10 text tries, each with 10 match tries: 1,000 with the root.
const DEDUPE_TRIES = 9
const TEXT_TRIES = 10
const MATCH_TRIES = 10
/** Checkpoints in the seeded tree, its root included. */
export const CHECKPOINTS = 1 + DEDUPE_TRIES * (1 + TEXT_TRIES * (1 + MATCH_TRIES))
const TERMS = ['ACME', 'Globex', 'Initech', 'Umbrella', 'Hooli']
const WRITES_AT_ONCE = 16

/** A seeded library: its folder and the asset whose Timeline section shows the tree and the filmstrip. */
export interface SeededPipelines {
  dir: string
  assetId: string
}

/**
 * A library in `folder/library` with one real 8 s clip imported, then a synthetic timeline of it: 7,200 frames
 * (one small real JPEG under every key of the frame store, and their rows), a root checkpoint and a tree of
 * dedupe_frames → text → match tries under it, 1,000 checkpoints in all, each with its own small output.
 */
export async function seedPipelinesLibrary(folder: string): Promise<SeededPipelines> {
  const dir = path.join(folder, 'library')
  const lib = openLibrary(dir, { actor: 'bench' })
  try {
    const clip = writeWordClip(folder, { seconds: 8 })
    const imported = await call<{ job: { id: string } }>(lib, 'media:import', { paths: [clip] })
    await lib.jobs.settled(imported.job.id)
    const asset = lib.sqlite.db
      .prepare<[], { id: string; filePath: string }>('SELECT id, file_path AS filePath FROM videos')
      .get()!
    const contentHash = await currentContentHash(lib, assetFile(lib, asset.filePath), new AbortController().signal)
    progress(`a timeline of ${count(FRAMES)} frames: one 160x90 JPEG under every key of the frame store`)
    const { timelines } = lib.catalog.repos
    const timelineId = await timelines.insert({
      videoId: asset.id,
      contentHash,
      profile: 'default',
      fps: FPS,
      config: { fps: FPS, ...FRAME_PROFILES.default },
      createdAt: new Date().toISOString(),
    })
    const jpeg = await frameJpeg(folder)
    const keyFolder = timelineFolderKey(contentHash, 'default', FPS)
    await timelines.writeFrames(timelineId, await writeFrames(lib, keyFolder, jpeg))
    progress(`a tree of ${count(CHECKPOINTS)} checkpoints`)
    await seedTree(lib, await createRootCheckpoint(lib.catalog.repos, timelineId, FRAMES, null), contentHash)
    return { dir, assetId: asset.id }
  } finally {
    await lib.close()
  }
}

/** One 160x90 JPEG of ffmpeg's test pattern. */
async function frameJpeg(folder: string): Promise<Buffer> {
  const file = path.join(folder, 'frame.jpg')
  const { ffmpeg } = resolveMediaTools()
  await runTool(ffmpeg, ['-v', 'error', '-nostdin', '-f', 'lavfi', '-i', 'testsrc2=s=160x90', '-frames:v', '1', file])
  return readFile(file)
}

/** Puts `jpeg` under each frame's key and answers the frames' rows. */
async function writeFrames(lib: Library, keyFolder: string, jpeg: Buffer): Promise<TimelineFrameRow[]> {
  const store = frameStore(lib)
  const limit = createLimiter(WRITES_AT_ONCE)
  const rows = Array.from({ length: FRAMES }, (_, sequence) => ({
    sequence,
    chunkId: Math.floor(sequence / FPS / 60),
    timestamp: sequence / FPS,
    frameKey: `${keyFolder}/${String(sequence).padStart(6, '0')}.jpg`,
    perceptualHash: (sequence % 65_536).toString(16).padStart(64, '0'),
    hashQuality: 100,
    bytes: jpeg.length,
  }))
  await Promise.all(rows.map((row) => limit(() => store.put(row.frameKey, jpeg))))
  return rows
}

/** The dedupe_frames → text → match tries under `root`, as replays with other settings make them. */
async function seedTree(lib: Library, root: Checkpoint, contentHash: string): Promise<void> {
  const child = (parent: Checkpoint, stage: string, output: unknown, stats: object, config: object) =>
    saveStageOutput(lib, {
      parentId: parent.id,
      runId: null,
      output: {
        stage,
        key: `bench:${stage}:${parent.id}:${JSON.stringify(config)}`,
        version: 1,
        contentHash,
        configHash: JSON.stringify(config),
        inputKeys: Object.values(parent.outputKeys),
        output,
      },
      stats: stats as Checkpoint['stats'],
      configOverrides: { [stage]: config } as Checkpoint['configOverrides'],
    })
  for (let d = 0; d < DEDUPE_TRIES; d++) {
    // Every (d + 2)-th frame kept: 3,600 down to 720 of the 7,200.
    const kept = Array.from({ length: Math.ceil(FRAMES / (d + 2)) }, (_, index) => index * (d + 2))
    const dedupe = await child(
      root,
      'dedupe_frames',
      { kept },
      { frames_kept: kept.length },
      { max_distance: 8 + 4 * d },
    )
    for (let t = 0; t < TEXT_TRIES; t++) {
      const frames = textFrames(kept, t)
      const words = frames.reduce((sum, frame) => sum + frame.words.length, 0)
      const text = await child(
        dedupe,
        'text',
        { frames },
        { frames_read: kept.length, words },
        { min_confidence: 40 + 5 * t },
      )
      for (let m = 0; m < MATCH_TRIES; m++) {
        const terms = TERMS.slice(0, 1 + (m % TERMS.length))
        const detections = terms.map((term, index) => detection(term, kept, index + m))
        await child(
          text,
          'match',
          { detections },
          { detections: detections.length },
          { terms, mode: m < 5 ? 'casefold' : 'fuzzy' },
        )
      }
    }
  }
}

/** A few of the kept frames with words on them: a small text output. */
function textFrames(kept: number[], seed: number) {
  return kept
    .filter((_, index) => index % 200 === seed)
    .map((sequence) => ({
      sequence,
      timestamp: sequence / FPS,
      until: sequence / FPS,
      words: TERMS.slice(0, 2).map((text, index) => ({
        text,
        confidence: 90 - index,
        box: { x: 10 + 60 * index, y: 40, width: 50, height: 12 },
      })),
    }))
}

/** A term seen on a run of ten kept frames somewhere in the hour. */
function detection(term: string, kept: number[], seed: number) {
  const at = Math.floor((kept.length * ((seed * 37) % 100)) / 100)
  const frames = kept.slice(at, at + 10)
  return {
    term,
    first_seen: frames[0]! / FPS,
    last_seen: frames.at(-1)! / FPS,
    frames,
    best_confidence: 91,
  }
}
