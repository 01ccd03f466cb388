import { existsSync, mkdirSync } from 'node:fs'
import { rename } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { resolveMediaTools } from '../../main/media/media-tools'
import { runTool } from '../../main/media/tool-io'
import { SAMPLE_SIDE, SCALE_FLAGS, videoFrameHashes } from '../../main/similar/frame-hashes'
import { measured, type Cost } from './cpu-cost'
import { median, printTable, progress, seconds, type Row } from './figures'

// Generated clips as a library of them holds them: a few seconds, square, 16 fps (AnimateDiff's and most video
// models' outputs). Under 10 s every frame is hashed, so this is the hashing job's dearest case per asset.
const CLIPS = 20
const CLIP_SECONDS = 4
const FPS = 16
const SIDE = 512
const RUNS = 3
const CACHE_DIR = path.join(os.tmpdir(), 'framevault-bench-similar')
const PHOTO = path.resolve(import.meta.dirname, '../fixtures/pdq-reference/q1050.jpg')

/**
 * Issue 37 point 5: the hashing job's rate in assets a second on a library of short generated clips (bar
 * detection, every frame decoded, scaled, read and hashed, one asset after another as the job does), against
 * ffmpeg decoding and scaling the same frames to the same RGB squares with nothing read back (`-f null`).
 */
export async function runSimilarRateBench(): Promise<void> {
  const { ffmpeg } = resolveMediaTools()
  const clips = await benchClips(ffmpeg)
  const loadBefore = os.loadavg()[0]!.toFixed(2)
  const ours: Cost[] = []
  const baseline: Cost[] = []
  const scale = `scale=${SAMPLE_SIDE}:${SAMPLE_SIDE}:flags=${SCALE_FLAGS},format=rgb24`
  for (let run = 1; run <= RUNS; run++) {
    progress(`run ${run} of ${RUNS}: hashing ${CLIPS} short clips, then ffmpeg's decode of their frames`)
    ours.push(
      await measured(async () => {
        for (const clip of clips) {
          for await (const frame of videoFrameHashes(ffmpeg, clip, { durationSeconds: CLIP_SECONDS })) void frame
        }
      }),
    )
    baseline.push(
      await measured(async () => {
        for (const clip of clips) await runTool(ffmpeg, ['-v', 'error', '-i', clip, '-vf', scale, '-f', 'null', '-'])
      }),
    )
  }
  const perSecond = (costs: Cost[], of: 'wall' | 'cpu') => CLIPS / median(costs.map((cost) => cost[of]))
  const rows: Row[] = [
    {
      measure: `Hashing ${CLIPS} clips of ${CLIP_SECONDS} s ${SIDE}x${SIDE} at ${FPS} fps, assets a second (median of ${RUNS})`,
      result: `${perSecond(ours, 'wall').toFixed(1)}/s wall: ${(perSecond(baseline, 'wall') / perSecond(ours, 'wall')).toFixed(2)}× ffmpeg's time`,
    },
    {
      measure: '  CPU incl. ffmpeg, per asset',
      result: `${seconds(median(ours.map((c) => c.cpu)) / CLIPS)}: ${(median(ours.map((c) => c.cpu)) / median(baseline.map((c) => c.cpu))).toFixed(2)}× ffmpeg's`,
    },
    {
      measure: `  baseline: ffmpeg decoding the same frames to ${SAMPLE_SIDE}² RGB (-f null), assets a second`,
      result: `${perSecond(baseline, 'wall').toFixed(1)}/s wall, ${seconds(median(baseline.map((c) => c.cpu)) / CLIPS)} CPU per asset`,
    },
  ]
  console.log(`\nNear-duplicate hashing rate: ${os.cpus().length} CPUs, load average before ${loadBefore}\n`)
  printTable(rows)
}

/** The bench's short clips, made once and cached: the photograph panned a different way in each. */
async function benchClips(ffmpeg: string): Promise<string[]> {
  mkdirSync(CACHE_DIR, { recursive: true })
  const clips: string[] = []
  for (let i = 0; i < CLIPS; i++) {
    const clip = path.join(CACHE_DIR, `short-${SIDE}-${FPS}fps-${CLIP_SECONDS}s-${i}.mp4`)
    clips.push(clip)
    if (existsSync(clip)) continue
    progress(`making short clip ${i + 1} of ${CLIPS} (once; cached in ${CACHE_DIR})`)
    const partial = `${clip}.${process.pid}.part.mp4`
    const pan = `scale=2048:2048,crop=${SIDE}:${SIDE}:'t*${20 + i * 7}':'${i * 50}+t*15'`
    await runTool(ffmpeg, [
      ...['-v', 'error', '-loop', '1', '-framerate', String(FPS), '-t', String(CLIP_SECONDS), '-i', PHOTO],
      ...['-vf', pan, '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', partial],
    ])
    await rename(partial, clip)
  }
  return clips
}
