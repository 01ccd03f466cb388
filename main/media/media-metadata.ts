import { codecDisplayName, containerDisplayName, containerFamily } from '../../shared/codec-names'
import type { MediaType } from '../../shared/contract'
import { aspectRatioOf } from './aspect-ratio'
import { describePixelFormat, type PixelFormatFacts } from './pixel-format'

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
  channel_layout?: string
  pix_fmt?: string
  bits_per_raw_sample?: string
  color_range?: string
  color_space?: string
  color_transfer?: string
  color_primaries?: string
  nb_frames?: string
  disposition?: { attached_pic?: number; default?: number }
  tags?: Record<string, string>
  side_data_list?: Array<{ side_data_type?: string; rotation?: number }>
}

/** The parts of ffprobe's `-show_format` entry that Framevault reads. */
export type FfprobeFormat = {
  format_name?: string
  start_time?: string
  duration?: string
  bit_rate?: string
  tags?: Record<string, string>
}

/** ffprobe's `-show_format -show_streams -of json` output, as far as Framevault reads it. */
export type FfprobeOutput = { streams?: FfprobeStream[]; format?: FfprobeFormat }

/** One audio track of a file, as people read it. */
export type AudioTrack = {
  /** ffprobe's stream index. */
  index: number
  codec: string | null
  /** The codec's common name ("AAC", "PCM 24-bit"). */
  codecName: string | null
  profile: string | null
  channels: number | null
  /** "stereo", "5.1(side)" ... */
  channelLayout: string | null
  sampleRate: number | null
  bitrate: number | null
  /** ISO 639-2 code ("eng"); null when absent or "und". */
  language: string | null
  title: string | null
  default: boolean
}

/** The facts Framevault keeps about a video or image; null where the file does not say. */
export type MediaMetadata = {
  /** A video's length, or an animated image's (GIF, WebP). */
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
  /** ffprobe's codec name ("h264", "mjpeg"); the `codec` column keeps it too. */
  videoCodec: string | null
  /** The codec as people say it ("H.264", "JPEG", "ProRes 422 HQ"). */
  videoCodecName: string | null
  videoProfile: string | null
  /** ffmpeg's pixel format ("yuv422p10le"); bit depth and chroma subsampling ("4:2:2") read from it. */
  pixelFormat: string | null
  bitDepth: PixelFormatFacts['bitDepth']
  chromaSubsampling: PixelFormatFacts['chromaSubsampling']
  colorModel: PixelFormatFacts['colorModel']
  alpha: boolean
  colorRange: string | null
  colorSpace: string | null
  colorTransfer: string | null
  colorPrimaries: string | null
  fps: number | null
  bitrate: number | null
  /** The container family: ffprobe's format name ("mov,mp4,m4a,3gp,3g2,mj2"), but 'avif' or 'heif' for those images. */
  container: string | null
  /** The container as people say it ("MP4", "QuickTime (MOV)", "WebM"). */
  containerName: string | null
  /** The first audio track's facts (kept for readers of earlier rows); every track is in `audioTracks`. */
  audioCodec: string | null
  audioCodecName: string | null
  audioChannels: number | null
  audioSampleRate: number | null
  audioTracks: AudioTrack[]
  /** An image with more than one frame (animated GIF or WebP); its duration is `durationSeconds`. */
  animated: boolean
  frameCount: number | null
  title: string | null
  comment: string | null
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

/**
 * Framevault's metadata from ffprobe's output for a file imported as `mediaType`; `fileName`
 * tells WebM from Matroska, which ffprobe names alike.
 */
export function toMediaMetadata(probe: FfprobeOutput, mediaType: MediaType, fileName?: string): MediaMetadata {
  const video = primaryVideoStream(probe)
  const audioStreams = (probe.streams ?? []).filter((s) => s.codec_type === 'audio')
  const audioTracks = audioStreams.map(audioTrack)
  const audio = audioTracks[0]
  const format = probe.format ?? {}
  const frameCount = integer(video?.nb_frames)
  // A GIF of one frame is a still picture; more frames make it a moving one.
  const animated = mediaType === 'image' && video?.codec_name === 'gif' && (frameCount ?? 0) > 1
  // Whatever plays over time (video, audio, an animated picture) has a duration and a bitrate.
  const timed = mediaType !== 'image' || animated
  const isVideo = mediaType === 'video' || animated
  const pixels = describePixelFormat(video?.pix_fmt, video?.bits_per_raw_sample)
  const rotation = video ? rotationOf(video) : 0
  const [width, height] = displaySize(video, rotation)
  return {
    // The image2 demuxer invents a 0.04 s duration and 25 fps for a still picture.
    durationSeconds: timed ? (positive(format.duration) ?? positive(video?.duration)) : null,
    width,
    height,
    rotation,
    ...sizeFacts(width, height),
    videoCodec: video?.codec_name ?? null,
    videoCodecName: codecDisplayName(video?.codec_name, { mediaType, profile: video?.profile }),
    videoProfile: video?.profile ?? null,
    pixelFormat: known(video?.pix_fmt),
    ...pixels,
    colorRange: known(video?.color_range),
    colorSpace: known(video?.color_space),
    colorTransfer: known(video?.color_transfer),
    colorPrimaries: known(video?.color_primaries),
    fps: isVideo && video ? pictureRate(video) : null,
    // The container's rate, else the picture's (a video) or the sound's (an audio file): never a video's sound track's.
    bitrate: timed
      ? (integer(format.bit_rate) ?? integer(isVideo ? video?.bit_rate : audioStreams[0]?.bit_rate))
      : null,
    container: containerFamily(format.format_name, { majorBrand: format.tags?.major_brand, codec: video?.codec_name }),
    containerName:
      containerDisplayName(format.format_name, {
        majorBrand: format.tags?.major_brand,
        extension: fileName?.split('.').pop(),
        codec: video?.codec_name,
      }) ?? (mediaType === 'image' ? codecDisplayName(video?.codec_name, { mediaType }) : null),
    audioCodec: audio?.codec ?? null,
    audioCodecName: audio?.codecName ?? null,
    audioChannels: audio?.channels ?? null,
    audioSampleRate: audio?.sampleRate ?? null,
    audioTracks,
    animated,
    frameCount: animated || mediaType === 'video' ? frameCount : null,
    title: tag(format.tags, 'title'),
    comment: tag(format.tags, 'comment'),
    creationTime:
      format.tags?.creation_time ?? video?.tags?.creation_time ?? audioStreams[0]?.tags?.creation_time ?? null,
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

/** The facts read from a picture's displayed size: "WxH" and its aspect ratio, exact and nearest common. */
export function sizeFacts(
  width: number | null,
  height: number | null,
): Pick<MediaMetadata, 'resolution' | 'aspectRatio' | 'aspectRatioNearest'> {
  const aspect = width && height ? aspectRatioOf(width, height) : null
  return {
    resolution: width && height ? `${width}x${height}` : null,
    aspectRatio: aspect?.ratio ?? null,
    aspectRatioNearest: aspect?.nearest ?? null,
  }
}

/** Frames per second as Framevault keeps them: rounded to 3 decimals (29.97, not 29.97002997). */
export function roundFps(fps: number): number {
  return Math.round(fps * 1000) / 1000
}

function audioTrack(stream: FfprobeStream): AudioTrack {
  const language = tag(stream.tags, 'language')
  return {
    index: stream.index,
    codec: stream.codec_name ?? null,
    codecName: codecDisplayName(stream.codec_name),
    profile: stream.profile ?? null,
    channels: stream.channels || null,
    channelLayout: stream.channel_layout ?? null,
    sampleRate: integer(stream.sample_rate),
    bitrate: integer(stream.bit_rate),
    language: language === 'und' ? null : language,
    title: tag(stream.tags, 'title'),
    default: stream.disposition?.default === 1,
  }
}

/** A tag's value whatever its case (Matroska writes COMMENT, MP4 comment); blank counts as absent. `name` is lower case. */
export function tag(tags: Record<string, string> | undefined, name: string): string | null {
  const key = Object.keys(tags ?? {}).find((k) => k.toLowerCase() === name)
  const value = key === undefined ? '' : tags![key].trim()
  return value || null
}

/** ffprobe writes "unknown" where a stream does not say. */
function known(value: string | undefined): string | null {
  return value && value !== 'unknown' ? value : null
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
  return Number.isFinite(fps) && fps > 0 ? roundFps(fps) : null
}

/** ffprobe's number in a string when it is a real, positive one (durations, rates); else null. */
export function positive(value: string | undefined): number | null {
  const n = Number(value)
  return Number.isFinite(n) && n > 0 ? n : null
}

function integer(value: string | undefined): number | null {
  const n = positive(value)
  return n === null ? null : Math.round(n)
}

/**
 * A video's frame rate: the average, else the base rate. A GIF's frames wait whole hundredths of a second, so
 * ffmpeg averages a 15 fps GIF (delays of 6, 7 and 7 hundredths) to 50/3 = 16.667 fps; its base rate says 15.
 */
function pictureRate(video: FfprobeStream): number | null {
  const [first, then] =
    video.codec_name === 'gif' ? [video.r_frame_rate, video.avg_frame_rate] : [video.avg_frame_rate, video.r_frame_rate]
  return frameRate(first) ?? frameRate(then)
}
