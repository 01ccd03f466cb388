import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { elementAt } from '../../main/media/ebml'
import { probeInProcess } from '../../main/media/in-process-probe'
import { MKV } from '../../main/media/matroska-layout'
import { resolveMediaTools } from '../../main/media/media-tools'
import { probeMedia } from '../../main/media/probe'
import { runTool } from '../../main/media/tool-io'
import { createLimiter } from '../../shared/limiter'

// Bump whenever the recipe below changes: cached clips of another version are made again.
const VERSION = 1
const STAMP_FILE = 'webm-clips.json'
const CLIP_COUNT = 1000
const BASE_CLIPS = 10
// VP9 and Opus, as browsers record and ComfyUI saves WebM; realtime settings keep generation to seconds.
const ENCODE = ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-pix_fmt', 'yuv420p']
const SOUND = ['-c:a', 'libopus', '-b:a', '48k']

/**
 * 1,000 distinct one-second WebM clips (160x120 VP9 and Opus) in `dir`/webm-clips, made once and
 * cached beside the ingest corpus (they have their own stamp, so adding them never regenerates it).
 */
export async function ensureWebmClips(dir: string): Promise<string[]> {
  const folder = path.join(dir, 'webm-clips')
  const clips = Array.from({ length: CLIP_COUNT }, (_, i) =>
    path.join(folder, `clip-${String(i).padStart(4, '0')}.webm`),
  )
  const stamp = await readFile(path.join(dir, STAMP_FILE), 'utf8').catch(() => '')
  if (stamp === String(VERSION) && clips.every((clip) => existsSync(clip))) return clips
  console.log(`Generating ${CLIP_COUNT} WebM clips in ${folder} (once; they are cached for later runs)…`)
  await rm(path.join(dir, STAMP_FILE), { force: true })
  await rm(folder, { recursive: true, force: true })
  await mkdir(folder, { recursive: true })
  const { ffmpeg, ffprobe } = resolveMediaTools()
  const limit = createLimiter(os.availableParallelism())
  const bases = await Promise.all(
    Array.from({ length: BASE_CLIPS }, (_, i) =>
      limit(async () => {
        const base = path.join(folder, `base-${i}.webm`)
        const graph = `testsrc2=size=160x120:rate=25:duration=1,hue=h=${i * (360 / BASE_CLIPS)}`
        const tone = `sine=frequency=${220 + 40 * i}:sample_rate=48000:duration=1`
        const inputs = ['-f', 'lavfi', '-i', graph, '-f', 'lavfi', '-i', tone]
        await runTool(ffmpeg, ['-v', 'error', '-nostdin', '-y', ...inputs, ...ENCODE, ...SOUND, '-f', 'webm', base])
        const bytes = await readFile(base)
        await rm(base)
        return bytes
      }),
    ),
  )
  await Promise.all(clips.map((clip, i) => limit(() => writeFile(clip, withVoid(bases[i % BASE_CLIPS]!, i)))))
  // Each clip must still be one ffprobe reads, and one the in-process reader takes (else the row measures ffprobe).
  for (const clip of [clips[0]!, clips[CLIP_COUNT - 1]!]) {
    await probeMedia(ffprobe, clip)
    if (!(await probeInProcess(clip))) throw new Error(`${clip} is not read in process: the WebM row would mislead`)
  }
  await writeFile(path.join(dir, STAMP_FILE), String(VERSION))
  return clips
}

/**
 * A copy of a WebM file with a Void element of its own bytes appended inside its Segment (whose
 * 8-byte size ffmpeg leaves room for): every player skips Void, and each copy differs in bytes,
 * size and sampled id.
 */
function withVoid(webm: Buffer, index: number): Buffer {
  const segment = elementAt(webm, elementAt(webm, 0).end)
  const sizeAt = segment.start + 4
  if (segment.id !== MKV.Segment || webm[sizeAt] !== 0x01 || segment.end !== webm.length)
    throw new Error('ffmpeg wrote a WebM without an 8-byte Segment size at its end')
  const payload = Buffer.alloc(64 + ((index * 7919) % 4096), createHash('sha256').update(`clip ${index}`).digest())
  const voidHeader = Buffer.alloc(9)
  voidHeader[0] = MKV.Void
  voidHeader.writeBigUInt64BE(BigInt(payload.length) | (1n << 56n), 1)
  const copy = Buffer.concat([webm, voidHeader, payload])
  const size = BigInt(segment.end - segment.data + voidHeader.length + payload.length) | (1n << 56n)
  copy.writeBigUInt64BE(size, sizeAt)
  return copy
}
