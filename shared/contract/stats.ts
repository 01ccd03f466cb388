import { z } from 'zod'

const Count = z.number().int().nonnegative()

/** How many days `importsPerDay` covers, today (UTC) included. */
export const IMPORT_DAYS = 90

/** How many of the newest import jobs `failedImportsRecent` looks at. */
export const RECENT_JOBS = 10

/** One class of a fixed scale: values from the previous class's `below` up to (not including) its own. */
export interface ScaleClass {
  key: string
  label: string
  /** Exclusive upper bound; null for the open-ended last class. */
  below: number | null
}

/**
 * Resolution classes by the picture's shorter side, so a portrait 1080×1920 clip is Full HD like
 * its landscape twin; images are classed the same way. 4K runs up to 5K's 2880 lines (DCI 4096×2160
 * and UHD 3840×2160 are both 4K); anything taller is "Above 4K".
 */
export const RESOLUTION_CLASSES: readonly ScaleClass[] = [
  { key: 'sd', label: 'SD (under 720p)', below: 720 },
  { key: 'hd', label: 'HD (720p)', below: 1080 },
  { key: 'full-hd', label: 'Full HD (1080p)', below: 1440 },
  { key: 'qhd', label: 'QHD (1440p)', below: 2160 },
  { key: '4k', label: '4K (2160p)', below: 2880 },
  { key: 'above-4k', label: 'Above 4K', below: null },
]

/** Duration histogram buckets, in seconds. */
export const DURATION_BUCKETS: readonly ScaleClass[] = [
  { key: 'under-10s', label: '< 10 s', below: 10 },
  { key: '10-30s', label: '10–30 s', below: 30 },
  { key: '30s-1min', label: '30 s–1 min', below: 60 },
  { key: '1-5min', label: '1–5 min', below: 300 },
  { key: '5-20min', label: '5–20 min', below: 1200 },
  { key: '20-60min', label: '20–60 min', below: 3600 },
  { key: 'over-1h', label: '> 1 h', below: null },
]

/** Key and label of assets a scale cannot place: no known resolution, or no duration (stills). */
export const UNKNOWN_CLASS = { key: 'unknown', label: 'Unknown' } as const
export const NO_DURATION = { key: 'none', label: 'No duration' } as const
/** The resolution bucket of audio assets (present only when the library holds audio). */
export const NO_PICTURE = { key: 'no-picture', label: 'No picture (audio)' } as const

/** Assets and their bytes in one group. */
export const StatsBucket = z.object({ key: z.string(), label: z.string(), count: Count, bytes: Count })
export type StatsBucket = z.infer<typeof StatsBucket>

/**
 * What the library holds, from the database alone (no folder is walked). Each grouping covers
 * every asset once, so its counts and bytes sum to `total` (assets a grouping cannot place are in
 * its "unknown"/"none" bucket); bytes are the recorded file sizes (an unknown size counts 0).
 */
export const LibraryStats = z.object({
  total: z.object({ count: Count, bytes: Count }),
  /**
   * By media type and source type (keys are the stored values, as filters take them) and by codec
   * (keyed by common name, one bucket per name), most assets first.
   */
  byMediaType: z.array(StatsBucket),
  bySourceType: z.array(StatsBucket),
  byCodec: z.array(StatsBucket),
  /** Every class of RESOLUTION_CLASSES in order (empty ones too), "no-picture" when there is audio, then "unknown". */
  byResolution: z.array(StatsBucket),
  /** Every bucket of DURATION_BUCKETS in order (empty ones too), then "none". */
  byDuration: z.array(StatsBucket),
  /**
   * Assets imported on each of the last IMPORT_DAYS days (UTC), oldest first, days without imports
   * included with zero (a dense series, ready to chart). Assets still in the library only.
   */
  importsPerDay: z.array(z.object({ date: z.string(), count: Count, bytes: Count })),
  health: z.object({
    /** Flagged by the last check: file gone, or its bytes no longer match its SHA-256. */
    missing: Count,
    changed: Count,
    /** Assets no verify has found whole yet. */
    unverified: Count,
    /** Files that failed to import, over every job kept, and in the RECENT_JOBS newest jobs. */
    failedImports: Count,
    failedImportsRecent: Count,
  }),
})
export type LibraryStats = z.infer<typeof LibraryStats>

export const statsChannels = {
  /** Counts and bytes of the library by type, source, codec, resolution and duration; imports per day; health. */
  'library:stats': {
    input: z.object({}).strict(),
    output: LibraryStats,
  },
} as const
