import { z } from 'zod'
import { floatField } from './config-floats'

// Each processor's config (main/services/processing/processors.ts): every field has a default, so `{}`
// is the default config; unknown fields are refused. Seconds are floats (floatField); counts are ints.

/** Re-encode to a container and codec preset (`convert`). */
export const ConvertConfig = z.strictObject({
  /** h264-mp4: H.264/AAC in MP4; h264-720p-mp4: the same scaled to 720 lines at most; hevc-mp4: H.265/AAC; vp9-webm: VP9/Opus. */
  preset: z.enum(['h264-mp4', 'h264-720p-mp4', 'hevc-mp4', 'vp9-webm']).default('h264-mp4'),
})

/** A stretch of the file, re-encoded so it starts and ends exactly where asked (`extract_segment`). */
export const ExtractSegmentConfig = z.strictObject({
  /** Start, in seconds from the beginning. */
  start: floatField(z.number().min(0).max(1_000_000).default(0)),
  /** End, in seconds from the beginning (after `start`; past the file's end means to the end). */
  end: floatField(z.number().min(0.01).max(1_000_000).default(10)),
})

/** A small, fast-to-seek H.264 copy for editing and previews (`proxy`). */
export const ProxyConfig = z.strictObject({
  /** Picture height in lines (the width follows the aspect ratio). */
  height: z.number().int().min(144).max(1080).default(540),
})

/** A sound track on its own, as an audio asset (`extract_audio`); from an audio file, the same sound in another format. */
export const ExtractAudioConfig = z.strictObject({
  /** m4a: AAC 192 kb/s; mp3: LAME VBR quality 2; flac: lossless, compressed; wav: 16-bit PCM. */
  format: z.enum(['m4a', 'mp3', 'flac', 'wav']).default('m4a'),
  /** Which sound track, counting from 0 (a file with a commentary track has two). */
  track: z.number().int().min(0).max(63).default(0),
})
