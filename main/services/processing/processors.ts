import type { z } from 'zod'
import type { MediaType, ProcessorAction } from '../../../shared/contract'
import {
  ConvertConfig,
  ExtractAudioConfig,
  ExtractSegmentConfig,
  ProxyConfig,
} from '../../../shared/contract/processor-configs'
import { AppError } from '../../../shared/errors'

/** The ffmpeg muxer of each output extension (temp files carry no extension for ffmpeg to go by). */
export const MUXERS: Record<string, string> = {
  mp4: 'mp4',
  webm: 'webm',
  m4a: 'ipod',
  mp3: 'mp3',
  flac: 'flac',
  wav: 'wav',
}

/** What a processor knows of its input asset. */
export interface ProcessorInput {
  mediaType: MediaType
  /** Seconds it lasts, when known. */
  seconds: number | null
  /** How many sound tracks it has. */
  audioTracks: number
}

/** How a processor makes its output: the file's extension and ffmpeg's arguments around the input. */
export interface Processor<C> {
  config: z.ZodType<C>
  /** A short description of a config for the output's name ("h264-mp4", "1.5–4 s"). */
  describe(config: C): string
  extension(config: C): string
  /**
   * Input options (before -i) and output options, and seconds the output will last; AppError
   * 'validation' when the config does not fit this input.
   */
  args(config: C, input: ProcessorInput): { before: string[]; after: string[]; seconds: number | null }
}

const AAC = ['-c:a', 'aac', '-b:a', '160k']
const H264 = ['-c:v', 'libx264', '-preset', 'medium', '-crf', '20', '-pix_fmt', 'yuv420p']

const convert: Processor<z.output<typeof ConvertConfig>> = {
  config: ConvertConfig,
  describe: (config) => config.preset,
  extension: (config) => (config.preset === 'vp9-webm' ? 'webm' : 'mp4'),
  args(config, { seconds }) {
    const after = {
      'h264-mp4': [...H264, ...AAC, '-movflags', '+faststart'],
      // At most 720 lines, never enlarged; even sizes as H.264 wants.
      'h264-720p-mp4': [...H264, '-vf', "scale=-2:'min(720,ih)'", ...AAC, '-movflags', '+faststart'],
      'hevc-mp4': [
        '-c:v',
        'libx265',
        '-preset',
        'medium',
        '-crf',
        '24',
        '-tag:v',
        'hvc1',
        '-pix_fmt',
        'yuv420p',
        ...AAC,
      ],
      'vp9-webm': ['-c:v', 'libvpx-vp9', '-crf', '32', '-b:v', '0', '-row-mt', '1', '-c:a', 'libopus', '-b:a', '128k'],
    }[config.preset]
    return { before: [], after, seconds }
  },
}

const extractSegment: Processor<z.output<typeof ExtractSegmentConfig>> = {
  config: ExtractSegmentConfig,
  describe: (config) => `${config.start}–${config.end} s`,
  extension: () => 'mp4',
  args(config, { seconds }) {
    if (config.end <= config.start) throw new AppError('validation', 'The segment must end after it starts.')
    if (seconds !== null && config.start >= seconds) {
      throw new AppError('validation', `The segment starts at ${config.start} s, after the file's end (${seconds} s).`)
    }
    const length = config.end - config.start
    // Input seeking, then re-encoding: the cut falls exactly on the asked times, not on the nearest keyframes.
    return {
      before: ['-ss', String(config.start)],
      after: ['-t', String(length), ...H264, ...AAC, '-movflags', '+faststart'],
      seconds: seconds === null ? length : Math.min(length, seconds - config.start),
    }
  },
}

const proxy: Processor<z.output<typeof ProxyConfig>> = {
  config: ProxyConfig,
  describe: (config) => `proxy ${config.height}p`,
  extension: () => 'mp4',
  args(config, { seconds }) {
    return {
      before: [],
      // Every frame a keyframe every second at most: quick to seek and scrub.
      after: [
        ...['-vf', `scale=-2:${config.height}`, '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '26'],
        ...['-g', '25', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '96k', '-movflags', '+faststart'],
      ],
      seconds,
    }
  },
}

const AUDIO_CODECS: Record<z.output<typeof ExtractAudioConfig>['format'], string[]> = {
  m4a: ['-c:a', 'aac', '-b:a', '192k'],
  mp3: ['-c:a', 'libmp3lame', '-q:a', '2'],
  flac: ['-c:a', 'flac'],
  wav: ['-c:a', 'pcm_s16le'],
}

const extractAudio: Processor<z.output<typeof ExtractAudioConfig>> = {
  config: ExtractAudioConfig,
  describe: (config) => `audio${config.track > 0 ? ` track ${config.track + 1}` : ''}`,
  extension: (config) => config.format,
  args(config, { seconds, audioTracks }) {
    if (audioTracks === 0) throw new AppError('validation', 'This file has no sound to extract.')
    if (config.track >= audioTracks) {
      throw new AppError(
        'validation',
        `There is no sound track ${config.track} (counting from 0): this file has ${audioTracks}.`,
      )
    }
    // Only the chosen track: no cover art, subtitles or data streams, and no tags that name the video.
    const only = ['-map', `0:a:${config.track}`, '-map_metadata', '-1', '-vn', '-sn', '-dn']
    return { before: [], after: [...only, ...AUDIO_CODECS[config.format]], seconds }
  },
}

/** Every processor by action. */
export const processors: { [A in ProcessorAction]: Processor<unknown> } = {
  convert: convert as Processor<unknown>,
  extract_segment: extractSegment as Processor<unknown>,
  extract_audio: extractAudio as Processor<unknown>,
  proxy: proxy as Processor<unknown>,
}
