import type { MediaType } from '../../shared/contract'
import { aspectRatioOf } from './aspect-ratio'

/** The parts of one ffprobe `-show_streams` entry that Framevault reads. */
export type FfprobeStream = {
  index: number
  codec_type?: string
  codec_name?: string
  profile?: string
  width?: number
  height?: number
  avg_frame_rate?: string
  r_frame_rate?: string
  duration?: string
  bit_rate?: string
  sample_rate?: string
  channels?: number
  disposition?: { attached_pic?: number }
  tags?: Record<string, string>
  side_data_list?: Array<{ side_data_type?: string; rotation?: number }>
}

/** The parts of ffprobe's `-show_format` entry that Framevault reads. */
export type FfprobeFormat = {
  format_name?: string
  duration?: string
  bit_rate?: string
  tags?: Record<string, string>
}

/** ffprobe's `-show_format -show_streams -of json` output, as far as Framevault reads it. */
export type FfprobeOutput = { streams?: FfprobeStream[]; format?: FfprobeFormat }

/** The facts Framevault keeps about a video or image; null where the file does not say. */
export type MediaMetadata = {
  durationSeconds: number | null
  /** As displayed: width and height are swapped when the rotation is 90 or 270. */
  width: number | null
  height: number | null
  /** Clockwise degrees (0, 90, 180 or 270) a player turns the stored frames for display. */
  rotation: number
  /** "WxH" as displayed. */
  resolution: string | null
  aspectRatio: string | null
  aspectRatioNearest: string | null
  videoCodec: string | null
  videoProfile: string | null
  fps: number | null
  bitrate: number | null
  container: string | null
  audioCodec: string | null
  audioChannels: number | null
  audioSampleRate: number | null
  creationTime: string | null
  tags: {
    format: Record<string, string>
    streams: Array<{ index: number; codecType: string; tags: Record<string, string> }>
  }
}

/** The stream that holds the picture: the first video stream that is not embedded cover art. */
export function primaryVideoStream(probe: FfprobeOutput): FfprobeStream | undefined {
  return probe.streams?.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1)
}

/** Framevault's metadata from ffprobe's output for a file imported as `mediaType`. */
export function toMediaMetadata(probe: FfprobeOutput, mediaType: MediaType): MediaMetadata {
  const video = primaryVideoStream(probe)
  const audio = probe.streams?.find((s) => s.codec_type === 'audio')
  const format = probe.format ?? {}
  const isVideo = mediaType === 'video'
  const rotation = video ? rotationOf(video) : 0
  const [width, height] = displaySize(video, rotation)
  const aspect = width && height ? aspectRatioOf(width, height) : null
  return {
    // The image2 demuxer invents a 0.04 s duration and 25 fps for a still picture.
    durationSeconds: isVideo ? (positive(format.duration) ?? positive(video?.duration)) : null,
    width,
    height,
    rotation,
    resolution: width && height ? `${width}x${height}` : null,
    aspectRatio: aspect?.ratio ?? null,
    aspectRatioNearest: aspect?.nearest ?? null,
    videoCodec: video?.codec_name ?? null,
    videoProfile: video?.profile ?? null,
    fps: isVideo && video ? (frameRate(video.avg_frame_rate) ?? frameRate(video.r_frame_rate)) : null,
    bitrate: isVideo ? (integer(format.bit_rate) ?? integer(video?.bit_rate)) : null,
    container: format.format_name ?? null,
    audioCodec: audio?.codec_name ?? null,
    audioChannels: audio?.channels ?? null,
    audioSampleRate: integer(audio?.sample_rate),
    creationTime: format.tags?.creation_time ?? video?.tags?.creation_time ?? audio?.tags?.creation_time ?? null,
    tags: {
      format: format.tags ?? {},
      streams: (probe.streams ?? []).map((s) => ({
        index: s.index,
        codecType: s.codec_type ?? 'unknown',
        tags: s.tags ?? {},
      })),
    },
  }
}

/** Clockwise display rotation; the display matrix counts counter-clockwise, the legacy `rotate` tag clockwise. */
function rotationOf(stream: FfprobeStream): number {
  const matrix = stream.side_data_list?.find((entry) => typeof entry.rotation === 'number')
  if (matrix?.rotation !== undefined) return normalizeDegrees(-matrix.rotation)
  const tag = Number(stream.tags?.rotate)
  return Number.isFinite(tag) ? normalizeDegrees(tag) : 0
}

function normalizeDegrees(degrees: number): number {
  return ((Math.round(degrees) % 360) + 360) % 360
}

function displaySize(stream: FfprobeStream | undefined, rotation: number): [number | null, number | null] {
  const width = stream?.width || null
  const height = stream?.height || null
  return rotation === 90 || rotation === 270 ? [height, width] : [width, height]
}

/** Frames per second from ffprobe's "num/den", rounded to 3 decimals; "0/0" means unknown. */
function frameRate(rate: string | undefined): number | null {
  const [num, den] = (rate ?? '').split('/').map(Number)
  const fps = den ? num / den : NaN
  return Number.isFinite(fps) && fps > 0 ? Math.round(fps * 1000) / 1000 : null
}

function positive(value: string | undefined): number | null {
  const n = Number(value)
  return Number.isFinite(n) && n > 0 ? n : null
}

function integer(value: string | undefined): number | null {
  const n = positive(value)
  return n === null ? null : Math.round(n)
}
