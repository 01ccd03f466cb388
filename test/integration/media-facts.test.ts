import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import type { MediaType } from '../../shared/contract'
import { checkDamage } from '../../main/media/damage-check'
import { describeMedia } from '../../main/media/media-facts'
import { resolveMediaTools } from '../../main/media/media-tools'
import { probeMedia } from '../../main/media/probe'
import { runTool } from '../../main/media/tool-io'
import { readWebpFacts } from '../../main/media/webp-animation'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')
const { ffmpeg, ffprobe } = resolveMediaTools()
const tail = { ffprobe, run: runTool }

async function factsOf(file: string, mediaType: MediaType) {
  return describeMedia(file, path.basename(file), mediaType, await probeMedia(ffprobe, file), tail)
}

/** `read` given the file opened, as describeMedia opens it. */
async function withOpen<T>(file: string, read: (handle: FileHandle) => Promise<T>): Promise<T> {
  const handle = await open(file, 'r')
  try {
    return await read(handle)
  } finally {
    await handle.close()
  }
}

const webpFactsOf = (file: string) => withOpen(file, readWebpFacts)

/** A copy of the first `share` of a file. */
function cut(file: string, share: number, name: string): string {
  const whole = readFileSync(file)
  const dest = path.join(tempDir(), name)
  writeFileSync(dest, whole.subarray(0, Math.floor(whole.length * share)))
  return dest
}

describe('WebP from its chunks', () => {
  it('reads the animated WebP ffprobe sees as 0x0: 160x120, 10 frames, 1 s, looping', async () => {
    expect(await webpFactsOf(fixtures.animatedWebp)).toEqual({
      width: 160,
      height: 120,
      animated: true,
      frameCount: 10,
      durationSeconds: 1,
      loopCount: 0,
    })
    expect(await factsOf(fixtures.animatedWebp, 'image')).toMatchObject({
      animated: true,
      frameCount: 10,
      durationSeconds: 1,
      fps: 10,
      resolution: '160x120',
      aspectRatio: '4:3',
      videoCodecName: 'WebP',
      containerName: 'WebP',
    })
  })

  it('reads a still WebP as a still picture of its size, and nothing from a file that is not WebP', async () => {
    expect(await webpFactsOf(fixtures.stillWebp)).toMatchObject({
      width: 160,
      height: 120,
      animated: false,
      frameCount: null,
    })
    expect(await factsOf(fixtures.stillWebp, 'image')).toMatchObject({
      animated: false,
      durationSeconds: null,
      resolution: '160x120',
    })
    expect(await webpFactsOf(fixtures.png)).toBeNull()
  })
})

describe('damage check', () => {
  it('flags the faststart mp4 cut at 60%: where its video ends and how much media data is there', async () => {
    const facts = await factsOf(fixtures.damagedMp4, 'video')
    expect(facts.durationSeconds).toBe(20)
    expect(facts.damaged?.reason).toMatch(
      /^cut short: the video ends at 1\d\.\d s of 20\.0 s; the media data \(mdat\) holds [\d,]+ of [\d,]+ bytes$/,
    )
  })

  it('measures where a cut video ends from the file start when its timestamps start later', async () => {
    const offset = path.join(tempDir(), 'offset.mp4')
    await runTool(ffmpeg, [
      ...['-v', 'error', '-i', fixtures.longClip, '-t', '20', '-c', 'copy'],
      ...['-output_ts_offset', '10', '-movflags', '+faststart', offset],
    ])
    const facts = await factsOf(cut(offset, 0.6, 'offset-cut.mp4'), 'video')
    const match = /^cut short: the video ends at (\d+\.\d) s of 20\.0 s; the media data \(mdat\) holds /.exec(
      facts.damaged?.reason ?? '',
    )
    expect(match, facts.damaged?.reason).not.toBeNull()
    expect(Number(match![1])).toBeGreaterThanOrEqual(0)
    expect(Number(match![1])).toBeLessThan(20)
  })

  it.each([
    'mp4',
    'webm',
    'mkv',
    'mov',
    'rotated',
    'png',
    'jpg',
    'duplicate',
    'collisionA',
    'collisionB',
    'longClip',
    'prores',
    'twoAudio',
    'animatedGif',
    'animatedWebp',
    'stillWebp',
  ] as const)('does not flag the sound %s fixture', async (name) => {
    const image = ['png', 'jpg', 'animatedGif', 'animatedWebp', 'stillWebp'].includes(name)
    const facts = await factsOf(fixtures[name], image ? 'image' : 'video')
    expect(facts).not.toHaveProperty('damaged')
  })

  it('flags a Matroska file that lacks its end, from its last packet (no box structure to read)', async () => {
    const mkv = path.join(tempDir(), 'whole.mkv')
    await runTool(ffmpeg, ['-v', 'error', '-i', fixtures.longClip, '-t', '20', '-c', 'copy', '-f', 'matroska', mkv])
    expect(await factsOf(mkv, 'video')).not.toHaveProperty('damaged')
    const facts = await factsOf(cut(mkv, 0.5, 'half.mkv'), 'video')
    expect(facts.damaged?.reason).toMatch(/^cut short: the video ends at \d+\.\d s of 20\.0 s$/)
  })

  it('answers a whole WebM/Matroska file from its last Cluster, with the verdict of an ffprobe tail read', async () => {
    for (const name of ['webm', 'mkv', 'vp8Webm', 'twoAudio', 'genComfyWebm', 'cutWebm'] as const) {
      const file = fixtures[name]
      const probe = await probeMedia(ffprobe, file)
      const tailReads: string[][] = []
      const counted = { ffprobe, run: (tool: string, args: string[]) => (tailReads.push(args), runTool(tool, args)) }
      const inProcess = await withOpen(file, (handle) => checkDamage(file, handle, probe, counted))
      // Without the file open, the check can only ask ffprobe.
      const byTail = await checkDamage(file, null, probe, tail)
      expect({ name, verdict: inProcess }).toEqual({ name, verdict: byTail })
      // Only the cut file, whose structure is not whole, needs ffprobe's reading of its last packets.
      expect({ name, tailReads: tailReads.length }).toEqual({ name, tailReads: name === 'cutWebm' ? 1 : 0 })
    }
    expect((await factsOf(fixtures.cutWebm, 'video')).damaged?.reason).toBe(
      'cut short: the video ends at 5.0 s of 10.0 s',
    )
  })

  it('does not take bytes appended after the last box for a cut box', async () => {
    const padded = path.join(tempDir(), 'padded.mp4')
    copyFileSync(fixtures.mp4, padded)
    writeFileSync(
      padded,
      Buffer.concat([
        readFileSync(padded),
        Buffer.from('\u0000\u0000\u0010\u0000\u00ff\u00fe\u00fd\u00fctrailing bytes'),
      ]),
    )
    expect(await factsOf(padded, 'video')).not.toHaveProperty('damaged')
  })

  it('reads 64-bit and to-the-end box sizes from the headers alone', async () => {
    const ftyp = Buffer.from('00000010667479706973366d00000000', 'hex')
    const mdatHeader = (size32: number, large?: bigint) => {
      const header = Buffer.alloc(large === undefined ? 8 : 16)
      header.writeUInt32BE(size32, 0)
      header.write('mdat', 4, 'latin1')
      if (large !== undefined) header.writeBigUInt64BE(large, 8)
      return header
    }
    const write = (name: string, ...parts: Buffer[]) => {
      const file = path.join(tempDir(), name)
      writeFileSync(file, Buffer.concat(parts))
      return file
    }
    const data = Buffer.alloc(100, 7)
    const probe = { format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2' } }
    const checkBoxes = (file: string) => withOpen(file, (handle) => checkDamage(file, handle, probe, null))
    const large = write('large.mp4', ftyp, mdatHeader(1, 1_000_000n), data)
    expect(await checkBoxes(large)).toEqual({
      reason: 'cut short: the media data (mdat) holds 100 of 999,984 bytes',
    })
    expect(await checkBoxes(write('whole-large.mp4', ftyp, mdatHeader(1, 116n), data))).toBeNull()
    expect(await checkBoxes(write('to-end.mp4', ftyp, mdatHeader(0), data))).toBeNull()
  })

  it('flags a cut WebP from its RIFF size', async () => {
    const facts = await factsOf(cut(fixtures.stillWebp, 0.7, 'cut.webp'), 'image')
    expect(facts.damaged?.reason).toMatch(/^cut short: the 'RIFF' chunk holds [\d,]+ of [\d,]+ bytes$/)
  })
})
