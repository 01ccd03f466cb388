import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it, vi } from 'vitest'
import { resolveMediaTools } from '../../main/media/media-tools'
import { toMediaMetadata } from '../../main/media/media-metadata'
import { probeMedia, ProbeError, requireStreams } from '../../main/media/probe'
import { runTool } from '../../main/media/tool-io'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')
const { ffmpeg, ffprobe } = resolveMediaTools()

describe('probeMedia', () => {
  it.each([
    ['mp4', 'h264', 'aac', 'mov,mp4,m4a,3gp,3g2,mj2'],
    ['mov', 'h264', 'aac', 'mov,mp4,m4a,3gp,3g2,mj2'],
    ['mkv', 'h264', 'aac', 'matroska,webm'],
    ['webm', 'vp9', 'opus', 'matroska,webm'],
  ] as const)('reads the %s clip: %s/%s in %s, 320x240, 2 s at 25 fps', async (name, video, audio, container) => {
    const metadata = toMediaMetadata(await probeMedia(ffprobe, fixtures[name]), 'video')
    expect(metadata).toMatchObject({
      videoCodec: video,
      audioCodec: audio,
      container,
      width: 320,
      height: 240,
      resolution: '320x240',
      aspectRatio: '4:3',
      rotation: 0,
      fps: 25,
      audioSampleRate: 48000,
      audioChannels: 1,
    })
    expect(metadata.durationSeconds).toBeGreaterThan(1.9)
    expect(metadata.durationSeconds).toBeLessThan(2.1)
    expect(metadata.bitrate).toBeGreaterThan(0)
  })

  it('reads the rotated phone-style clip as portrait 360x640', async () => {
    const probe = await probeMedia(ffprobe, fixtures.rotated)
    expect(probe.streams?.[0]).toMatchObject({ width: 640, height: 360 })
    expect(toMediaMetadata(probe, 'video')).toMatchObject({
      rotation: 90,
      width: 360,
      height: 640,
      resolution: '360x640',
      aspectRatio: '9:16',
      audioCodec: null,
    })
  })

  it.each([
    ['png', 'png', 640, 480],
    ['jpg', 'mjpeg', 800, 600],
  ] as const)('reads the %s image as %s %ix%i without a duration', async (name, codec, width, height) => {
    const metadata = toMediaMetadata(await probeMedia(ffprobe, fixtures[name]), 'image')
    expect(metadata).toMatchObject({ videoCodec: codec, width, height, durationSeconds: null, fps: null })
  })

  it('reads the 60 s clip and both collision twins', async () => {
    expect(toMediaMetadata(await probeMedia(ffprobe, fixtures.longClip), 'video').durationSeconds).toBeCloseTo(60, 0)
    const [a, b] = await Promise.all([
      probeMedia(ffprobe, fixtures.collisionA),
      probeMedia(ffprobe, fixtures.collisionB),
    ])
    expect(toMediaMetadata(b, 'video')).toEqual(toMediaMetadata(a, 'video'))
  })

  it('records ProRes 10-bit 4:2:2 as such, in QuickTime', async () => {
    const metadata = toMediaMetadata(await probeMedia(ffprobe, fixtures.prores), 'video', 'prores-422-10bit.mov')
    expect(metadata).toMatchObject({
      videoCodec: 'prores',
      videoCodecName: 'ProRes 422',
      videoProfile: 'Standard',
      pixelFormat: 'yuv422p10le',
      bitDepth: 10,
      chromaSubsampling: '4:2:2',
      colorModel: 'YUV',
      container: 'mov,mp4,m4a,3gp,3g2,mj2',
      containerName: 'QuickTime (MOV)',
      fps: 25,
      resolution: '320x240',
      audioTracks: [],
    })
    expect(metadata.bitrate).toBeGreaterThan(1_000_000)
  })

  it('keeps both audio tracks of a dubbed clip, with languages, titles and layouts, and the title and comment', async () => {
    const metadata = toMediaMetadata(await probeMedia(ffprobe, fixtures.twoAudio), 'video', 'two-audio.mkv')
    expect(metadata.audioTracks).toEqual([
      expect.objectContaining({
        index: 1,
        codec: 'aac',
        codecName: 'AAC',
        channels: 2,
        channelLayout: 'stereo',
        sampleRate: 48000,
        language: 'eng',
        title: 'English',
      }),
      expect.objectContaining({
        index: 2,
        codec: 'aac',
        codecName: 'AAC',
        channels: 1,
        channelLayout: 'mono',
        sampleRate: 44100,
        language: 'fra',
        title: 'Français',
      }),
    ])
    expect(metadata).toMatchObject({
      audioCodec: 'aac',
      audioChannels: 2,
      title: 'Two tracks',
      comment: 'Dubbed in French',
      containerName: 'Matroska (MKV)',
      videoCodecName: 'H.264',
      chromaSubsampling: '4:2:0',
      bitDepth: 8,
    })
  })

  it('reads the animated GIF as a moving image: 10 frames, 1 s', async () => {
    const metadata = toMediaMetadata(await probeMedia(ffprobe, fixtures.animatedGif), 'image')
    expect(metadata).toMatchObject({
      animated: true,
      frameCount: 10,
      durationSeconds: 1,
      fps: 10,
      resolution: '160x120',
      videoCodecName: 'GIF',
    })
  })

  it.each([
    ['mp4', 'MP4'],
    ['mov', 'QuickTime (MOV)'],
    ['mkv', 'Matroska (MKV)'],
    ['webm', 'WebM'],
    ['png', 'PNG'],
    ['jpg', 'JPEG'],
  ] as const)('names the %s fixture’s container "%s" and its codec as people say it', async (name, container) => {
    const metadata = toMediaMetadata(
      await probeMedia(ffprobe, fixtures[name]),
      name === 'png' || name === 'jpg' ? 'image' : 'video',
      fixtures[name],
    )
    expect(metadata.containerName).toBe(container)
    expect(metadata.videoCodecName).toBe(
      { mp4: 'H.264', mov: 'H.264', mkv: 'H.264', webm: 'VP9', png: 'PNG', jpg: 'JPEG' }[name],
    )
  })

  it.each([
    ['zeroByte', 'it is empty (0 bytes)'],
    [
      'truncated',
      'it is no finished video: its index is missing (a download or render that stopped early, or not a video)',
    ],
    [
      'textAsMp4',
      'it is no finished video: its index is missing (a download or render that stopped early, or not a video)',
    ],
  ] as const)('rejects %s in words, then ffprobe’s own', async (name, words) => {
    const failure = probeMedia(ffprobe, fixtures[name])
    await expect(failure).rejects.toBeInstanceOf(ProbeError)
    await expect(failure).rejects.toThrow(
      `${words} (ffprobe: moov atom not found | Invalid data found when processing input)`,
    )
  })

  it('says a file of no format it knows is none, or damaged', async () => {
    const junk = path.join(tempDir(), 'notes.bin')
    writeFileSync(junk, 'just some text, not a picture\n'.repeat(100))
    await expect(probeMedia(ffprobe, junk)).rejects.toThrow(
      /^it is no video, audio or picture format Framevault knows, or it is damaged \(ffprobe: .*Invalid data found/,
    )
  })

  it('keeps the file path, demuxer address and stack out of the message', async () => {
    const message = await probeMedia(ffprobe, fixtures.truncated).then(
      () => 'resolved',
      (error: Error) => error.message,
    )
    expect(message).toMatch(/^it is no finished video: .* \(ffprobe: /)
    expect(message).not.toContain(fixtures.dir)
    expect(message).not.toMatch(/0x[0-9a-f]+|\n|\sat\s/)
  })

  it('rejects a missing file with the reason', async () => {
    const missing = path.join(tempDir(), 'gone.mp4')
    await expect(probeMedia(ffprobe, missing)).rejects.toThrow(
      'the file is not there any more (ffprobe: No such file or directory)',
    )
  })

  it('reads a GIF’s frame rate as ffprobe’s base rate, not the average its hundredths of a second skew', async () => {
    const gif = path.join(tempDir(), 'spin.gif')
    await runTool(ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=15', '-t', '2', gif])
    const output = await probeMedia(ffprobe, gif)
    expect(output.streams?.[0]).toMatchObject({ r_frame_rate: '15/1', avg_frame_rate: '50/3' })
    expect(toMediaMetadata(output, 'video', gif).fps).toBe(15)
  })

  it('takes sound alone as audio, but not as a video or image', async () => {
    const audio = path.join(tempDir(), 'tone.m4a')
    await runTool(ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'sine=duration=1', '-c:a', 'aac', audio])
    const output = await probeMedia(ffprobe, audio)
    expect(() => requireStreams(output, 'audio')).not.toThrow()
    for (const type of ['video', 'image'] as const) {
      expect(() => requireStreams(output, type)).toThrow(ProbeError)
      expect(() => requireStreams(output, type)).toThrow('no video or image stream (found: audio)')
    }
    const silent = await probeMedia(ffprobe, fixtures.sceneCuts)
    expect(() => requireStreams(silent, 'audio')).toThrow('no audio stream (found: video)')
  })

  it('rejects a file that crashes ffprobe as a per-file ProbeError, and a missing ffprobe as a plain error', async () => {
    const dir = tempDir()
    // Stands in for an ffprobe build that segfaults on some inputs (as the bundled one does on MPEG-TS here).
    const crashing = path.join(dir, 'ffprobe')
    writeFileSync(crashing, '#!/bin/sh\nkill -SEGV $$\n', { mode: 0o755 })
    const crashed = probeMedia(crashing, fixtures.mp4)
    await expect(crashed).rejects.toBeInstanceOf(ProbeError)
    await expect(crashed).rejects.toThrow('ffprobe crashed (it was killed by SIGSEGV)')
    const missing = probeMedia(path.join(dir, 'no-ffprobe'), fixtures.mp4)
    await expect(missing).rejects.not.toBeInstanceOf(ProbeError)
    await expect(missing).rejects.toThrow('could not start (ENOENT)')
  })

  it('kills ffprobe when aborted', async () => {
    const dir = tempDir()
    const pidFile = path.join(dir, 'pid')
    // Stands in for an ffprobe stuck on a slow network share.
    const stuck = path.join(dir, 'stuck-ffprobe')
    writeFileSync(stuck, `#!/bin/sh\necho $$ > '${pidFile}'\nexec sleep 60\n`, { mode: 0o755 })
    const controller = new AbortController()
    const probing = probeMedia(stuck, fixtures.mp4, controller.signal)
    await vi.waitFor(() => expect(existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim()).toMatch(/^\d+$/))
    const pid = Number(readFileSync(pidFile, 'utf8'))
    expect(isAlive(pid)).toBe(true)
    controller.abort()
    await expect(probing).rejects.toMatchObject({ name: 'AbortError' })
    expect(isAlive(pid)).toBe(false)
  })
})

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
