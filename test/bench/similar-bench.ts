import { existsSync, mkdirSync } from 'node:fs'
import { rename } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { resolveMediaTools } from '../../main/media/media-tools'
import { runTool } from '../../main/media/tool-io'
import { videoFrameHashes } from '../../main/similar/frame-hashes'
import type { FrameHash } from '../../main/similar/frame-match'
import { detectPictureArea } from '../../main/similar/letterbox'
import { pdqHash } from '../../main/similar/pdq-hash'
import { measured, type Cost } from './cpu-cost'
import { median, millis, printTable, progress, seconds, target, type Row } from './figures'

// Issue 21's bar: hashing a video costs at most 1.25× ffmpeg's own decode of it at the sampling rate used.
const COST_GOAL = 1.25
const CLIP_SECONDS = 60
const RUNS = 5
const CACHE_DIR = path.join(os.tmpdir(), 'framevault-bench-similar')
const PHOTO = path.resolve(import.meta.dirname, '../fixtures/pdq-reference/q1050.jpg')

/**
 * `npm run bench -- similar`: PDQ hashes of a 60 s 1280x720 H.264 clip (one frame a second, bars cropped),
 * against ffmpeg decoding the same file at the same rate (`-vf fps=1 -f null -`), alternated RUNS times.
 */
export async function runSimilarBench(): Promise<void> {
  const { ffmpeg } = resolveMediaTools()
  const clip = await benchClip(ffmpeg)
  const loadBefore = os.loadavg()[0]!.toFixed(2)
  const ours: Cost[] = []
  const baseline: Cost[] = []
  const detection: Cost[] = []
  let frames = 0
  for (let run = 1; run <= RUNS; run++) {
    progress(`run ${run} of ${RUNS}: hashing, then ffmpeg's decode at one frame a second`)
    ours.push(
      await measured(async () => {
        const hashes: FrameHash[] = []
        for await (const frame of videoFrameHashes(ffmpeg, clip, { durationSeconds: CLIP_SECONDS })) hashes.push(frame)
        frames = hashes.length
      }),
    )
    baseline.push(await measured(() => runTool(ffmpeg, ['-v', 'error', '-i', clip, '-vf', 'fps=1', '-f', 'null', '-'])))
    detection.push(await measured(() => detectPictureArea(ffmpeg, clip)))
  }
  const [oursCpu, baseCpu] = [median(ours.map((c) => c.cpu)), median(baseline.map((c) => c.cpu))]
  const [oursWall, baseWall] = [median(ours.map((c) => c.wall)), median(baseline.map((c) => c.wall))]
  const fullPass = await measured(() =>
    runTool(ffmpeg, ['-v', 'error', '-i', clip, '-vf', 'cropdetect=limit=24:round=2', '-f', 'null', '-']),
  )
  const rows: Row[] = [
    {
      measure: `Hashing a ${CLIP_SECONDS} s 1280x720 H.264 clip (${frames} frames), CPU incl. ffmpeg (median of ${RUNS})`,
      result: `${seconds(oursCpu)}: ${(oursCpu / baseCpu).toFixed(2)}× the baseline`,
      ...target(oursCpu / baseCpu <= COST_GOAL, `≤ ${COST_GOAL}× the baseline`),
    },
    { measure: '  wall clock', result: `${seconds(oursWall)}: ${(oursWall / baseWall).toFixed(2)}× the baseline` },
    {
      measure: '  baseline: ffmpeg -vf fps=1 -f null - on the same file, CPU (wall)',
      result: `${seconds(baseCpu)} (${seconds(baseWall)})`,
    },
    {
      measure: '  of which the bar detection (cropdetect on key frames), CPU (wall)',
      result: `${seconds(median(detection.map((c) => c.cpu)))} (${seconds(median(detection.map((c) => c.wall)))})`,
    },
    {
      measure: '  the alternative: cropdetect over every frame, a whole extra pass, CPU (wall)',
      result: `${seconds(fullPass.cpu)} (${seconds(fullPass.wall)})`,
    },
    pdqRow(),
  ]
  console.log(`\nSimilar (perceptual hashing) benchmark: ${os.cpus().length} CPUs, load average before ${loadBefore}`)
  console.log('CPU seconds are the verdict: other processes on a busy machine stretch wall clock, not CPU time\n')
  printTable(rows)
}

/** pdqHash alone on a 384x384 RGB frame (what every picture is scaled to), per frame. */
function pdqRow(): Row {
  const [width, height] = [384, 384]
  const data = new Uint8Array(width * height * 3).map((_, i) => (i * 7919) % 251)
  const times: number[] = []
  for (let i = 0; i < 200; i++) {
    const started = performance.now()
    pdqHash({ data, width, height, channels: 3 })
    times.push(performance.now() - started)
  }
  return {
    measure: `  pdqHash of one ${width}x${height} frame in this process (median of 200)`,
    result: millis(median(times)),
  }
}

/**
 * The bench's clip, made once and cached: a photograph filmed by a panning camera, as 4:3 picture between black
 * pillarbox bars in a 1280x720 H.264 frame (x264 veryfast, 25 fps, key frames every 10 s). Long-GOP 720p H.264 is
 * what re-encoded, uploaded footage mostly is; the bars make the bar detection and the crop part of the cost; 60 s
 * gives 60 sampled frames, so per-frame work and once-per-file work (two ffmpeg starts) both show.
 */
async function benchClip(ffmpeg: string): Promise<string> {
  const clip = path.join(CACHE_DIR, `pan-720p-pillarbox-${CLIP_SECONDS}s.mp4`)
  if (existsSync(clip)) return clip
  progress(`making the ${CLIP_SECONDS} s 1280x720 clip (once; cached in ${CACHE_DIR})`)
  mkdirSync(CACHE_DIR, { recursive: true })
  const partial = `${clip}.${process.pid}.part.mp4`
  const pan = `scale=3072:3072,crop=960:720:'t*30':'t*20',pad=1280:720:160:0:black`
  await runTool(ffmpeg, [
    ...['-v', 'error', '-loop', '1', '-framerate', '25', '-t', String(CLIP_SECONDS), '-i', PHOTO, '-vf', pan],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', partial],
  ])
  await rename(partial, clip)
  return clip
}
