import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { FfprobeOutput, FfprobeStream } from './media-metadata'
import type { RunTool } from './tool-io'
import type { NewSubtitleTrack as SubtitleTrack, SubtitleCue } from '../../shared/contract'
import type { SubtitleFile } from './subtitle-sidecars'
import { parseCues } from './subtitle-cues'
import { tempFileName } from '../library/atomic-write'

// Subtitles drawn as pictures (Blu-ray, DVD, DVB): no text to read without OCR.
const PICTURE_CODECS = new Set(['hdmv_pgs_subtitle', 'dvd_subtitle', 'dvb_subtitle', 'xsub'])
const CODEC_BY_EXTENSION: Record<string, string> = { '.srt': 'subrip', '.vtt': 'webvtt', '.ass': 'ass', '.ssa': 'ssa' }
// A subtitle file larger than this is not one (a feature film's has about 200 KB).
const MAX_SIDECAR_BYTES = 32 * 1024 * 1024

/**
 * Reads a video's subtitles: each subtitle stream of its file (as ffprobe listed them) through ffmpeg into WebVTT,
 * and each sidecar file (SubRip and WebVTT read here, ASS and SSA through ffmpeg), then `parseCues`. Never throws
 * for one track: a track that cannot be read keeps its `problem`. Aborts with `signal`.
 */
export async function readSubtitles(input: {
  tools: { ffmpeg: string; run: RunTool }
  file: string
  probe: FfprobeOutput
  sidecars: readonly SubtitleFile[]
  /** The library's temp folder (for an ASS sidecar's UTF-8 copy). */
  tempDir: string
  signal: AbortSignal
}): Promise<SubtitleTrack[]> {
  const { file, signal } = input
  const { ffmpeg, run } = input.tools
  const toVtt = async (args: string[]) => {
    const { stdout } = await run(ffmpeg, ['-v', 'error', '-nostdin', ...args, '-f', 'webvtt', '-'], { signal })
    return parseCues(stdout)
  }
  const streams = (input.probe.streams ?? []).filter((stream) => stream.codec_type === 'subtitle')
  const tracks: SubtitleTrack[] = []
  for (const stream of streams) {
    const track = streamTrack(stream)
    if (PICTURE_CODECS.has(track.codec ?? '')) {
      tracks.push({ ...track, problem: 'Drawn as pictures, not text: Framevault reads text subtitles only.' })
      continue
    }
    tracks.push(await readTrack(track, () => toVtt(['-i', file, '-map', `0:${stream.index}`]), signal))
  }
  for (const sidecar of input.sidecars) {
    const track: SubtitleTrack = {
      source: 'sidecar',
      streamIndex: null,
      fileName: sidecar.name,
      codec: CODEC_BY_EXTENSION[path.extname(sidecar.name).toLowerCase()] ?? null,
      language: sidecar.language,
      title: null,
      cues: [],
      problem: null,
    }
    if (sidecar.size > MAX_SIDECAR_BYTES) {
      tracks.push({ ...track, problem: `Too large for a subtitle file (${sidecar.size} bytes).` })
      continue
    }
    const read = async () => {
      const { text, utf8 } = decodeText(await readFile(sidecar.path))
      // The bundled ffmpeg's WebVTT reader gives up on STYLE blocks, and its SubRip reader on anything not UTF-8.
      if (track.codec === 'subrip' || track.codec === 'webvtt') return parseCues(text)
      if (utf8) return toVtt(['-i', sidecar.path])
      // ffmpeg drops every cue that is not UTF-8, and the bundled build crashes on `-sub_charenc`: a UTF-8 copy.
      await mkdir(input.tempDir, { recursive: true })
      const copy = tempFileName(input.tempDir, 'part')
      await writeFile(copy, text)
      try {
        return await toVtt(['-f', 'ass', '-i', copy])
      } finally {
        await rm(copy, { force: true })
      }
    }
    tracks.push(await readTrack(track, read, signal))
  }
  return tracks
}

function streamTrack(stream: FfprobeStream): SubtitleTrack {
  const language = stream.tags?.language ?? null
  return {
    source: 'stream',
    streamIndex: stream.index,
    fileName: null,
    codec: stream.codec_name ?? null,
    language: language === 'und' ? null : language,
    title: stream.tags?.title ?? null,
    cues: [],
    problem: null,
  }
}

async function readTrack(
  track: SubtitleTrack,
  read: () => Promise<SubtitleCue[]>,
  signal: AbortSignal,
): Promise<SubtitleTrack> {
  try {
    return { ...track, cues: await read() }
  } catch (error) {
    if (signal.aborted) throw error
    return { ...track, problem: `Could not be read: ${(error as Error).message}` }
  }
}

/**
 * A subtitle file's text: UTF-8 (with or without its byte order mark) or UTF-16 with its byte order mark as such
 * (`utf8` says whether ffmpeg can read the file as it is), else a legacy 8-bit encoding, as most older .srt files are.
 */
function decodeText(bytes: Uint8Array): { text: string; utf8: boolean } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), utf8: true }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), utf8: true }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), utf8: true }
  } catch {
    return { text: new TextDecoder(legacyEncoding(bytes)).decode(bytes), utf8: false }
  }
}

/** Windows-1251 when most letters are high bytes (Cyrillic text), else Windows-1252 (Western text, accents aside). */
function legacyEncoding(bytes: Uint8Array): string {
  let high = 0
  let ascii = 0
  for (const byte of bytes) {
    if (byte >= 0xc0) high++
    else if ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7a) ascii++
  }
  return high > ascii ? 'windows-1251' : 'windows-1252'
}
