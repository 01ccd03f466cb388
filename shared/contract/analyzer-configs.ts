import { z } from 'zod'
import type { AnalyzerName } from './analyses'
import { floatField } from './config-floats'

// Each analyzer's config (main/services/analyses/analyzers/): every field has a default, so `{}` is the
// default config; unknown fields are refused. Here so the contract checks them and the UI can show them.
// Every number here is a `float` in the plugins' dataclasses (floatField), so a whole 1 hashes as 1.0.

/** Shot cuts (`scenes`). */
export const ScenesConfig = z.strictObject({
  /** Scene-change score (0..1, ffmpeg's `scene`) at or above which a frame starts a new shot. */
  threshold: floatField(z.number().min(0.01).max(1).default(0.3)),
  /** Shortest shot, in seconds: a cut sooner than this after the previous one (a flash) is dropped. */
  minShotDuration: floatField(z.number().min(0).max(60).default(0.4)),
})

/** Silence and sound (`silence`). */
export const SilenceConfig = z.strictObject({
  /** Loudest level still counted as silence, in dB below full scale (ffmpeg's default −60). */
  noiseDb: floatField(z.number().min(-120).max(0).default(-60)),
  /** Shortest silence reported, in seconds. */
  minDuration: floatField(z.number().min(0.01).max(3600).default(0.5)),
})

/** Black stretches (`black`). */
export const BlackConfig = z.strictObject({
  /** Shortest black stretch reported, in seconds. */
  minDuration: floatField(z.number().min(0.01).max(3600).default(1)),
  /** Share of a frame's pixels that must be black for the frame to count as black (0..1). */
  pictureThreshold: floatField(z.number().min(0).max(1).default(0.98)),
  /** Brightest pixel that still counts as black, as a share of the luma range (0..1). */
  pixelThreshold: floatField(z.number().min(0).max(1).default(0.1)),
})

/** Frozen stretches (`freeze`). */
export const FreezeConfig = z.strictObject({
  /** Largest frame-to-frame difference still counted as the same picture, in dB (ffmpeg's default −60). */
  noiseDb: floatField(z.number().min(-100).max(0).default(-60)),
  /** Shortest frozen stretch reported, in seconds. */
  minDuration: floatField(z.number().min(0.01).max(3600).default(2)),
})

/** EBU R128 loudness and loud moments (`loudness`). */
export const LoudnessConfig = z.strictObject({
  /** How far momentary loudness must rise above the integrated loudness to count as loud, in LU. */
  marginLu: floatField(z.number().min(0).max(60).default(6)),
  /** Shortest loud moment reported, in seconds (momentary loudness is measured every 0.1 s). */
  minDuration: floatField(z.number().min(0).max(3600).default(0.3)),
})

/** Each analyzer's config schema, in the order the run form offers them. */
export const ANALYZER_CONFIGS = {
  scenes: ScenesConfig,
  silence: SilenceConfig,
  black: BlackConfig,
  freeze: FreezeConfig,
  loudness: LoudnessConfig,
} as const satisfies Record<AnalyzerName, z.ZodObject>
