import { z } from 'zod'
import { AnalysisRow, CacheMatch, ProcessingRow, PutCounts } from './cache-rows'
import { jobOf } from './job-parts'
import { BlackConfig, FreezeConfig, LoudnessConfig, ScenesConfig, SilenceConfig } from './analyzer-configs'
import { documentText } from './document'
import { AbsolutePath, AssetId, ContentHash } from './media'

/** The analyzers there are (ffmpeg filters; main/services/analyses/analyzers/). */
export const AnalyzerName = z.enum(['scenes', 'silence', 'black', 'freeze', 'loudness'])
export type AnalyzerName = z.infer<typeof AnalyzerName>

/** The stream each analyzer decodes: the first picture stream, or the first sound stream. */
export const ANALYZER_STREAM: Record<AnalyzerName, 'video' | 'audio'> = {
  scenes: 'video',
  silence: 'audio',
  black: 'video',
  freeze: 'video',
  loudness: 'audio',
}

/**
 * An analyzer and its config (fields left out take their defaults) beside the fields `extra` adds
 * (the asset of one run, or a batch's kind): one object per analyzer, so each config is checked
 * against its own analyzer's schema.
 */
export function analysisRequestOf<S extends z.ZodRawShape>(extra: S) {
  const of = <A extends AnalyzerName, C extends z.ZodType>(analyzer: A, config: C) =>
    z
      .object({ ...extra, analyzer: z.literal(analyzer), config: config.optional(), force: z.boolean().optional() })
      .strict()
  return z.union([
    of('scenes', ScenesConfig),
    of('silence', SilenceConfig),
    of('black', BlackConfig),
    of('freeze', FreezeConfig),
    of('loudness', LoudnessConfig),
  ])
}
const AnalysisRequest = analysisRequestOf({ assetId: AssetId })

/** A stretch of a file an analysis found, in seconds. */
export const AnalysisRange = z.object({
  start: z.number(),
  end: z.number(),
  label: z.string(),
  confidence: z.number().optional(),
  payload: z.record(z.string(), z.unknown()).optional(),
})

/** Where a cached analysis was brought from: a plugin's database file, the row's id there and the path that row named. */
export const AnalysisSource = z.object({
  database: z.string(),
  rowId: z.number().int(),
  filePath: z.string(),
  /** Unix seconds. */
  copiedAt: z.number(),
})

/**
 * A cached analysis of an asset's file: one analysis_jobs row. `valid` is false once the file's
 * content changed since (the row is stale: the next run replaces it).
 */
export const CachedAnalysis = AnalysisRow.extend({
  /** The analyzer and the config it ran with, where the row records them (ours do; a plugin's may not). */
  analyzer: z.string().nullable(),
  config: z.unknown(),
  valid: z.boolean(),
  /** The plugin cache a person brought this row from (`caches:adopt-rows`); null or absent for one computed. */
  broughtFrom: AnalysisSource.nullable().optional(),
})
export type CachedAnalysis = z.infer<typeof CachedAnalysis>

/** What an analysis job stores as its parameters: the analyzer, its whole config and that config's hash. */
export const AnalysisParams = z.object({
  analyzer: AnalyzerName,
  config: z.record(z.string(), z.unknown()),
  configHash: z.string(),
  force: z.boolean(),
})

/** What an analysis job ends with: the cached analysis, and whether it was there before (no ffmpeg ran) and how it was found. */
export const AnalysisResult = z.object({ cached: z.boolean(), matchedBy: CacheMatch, analysis: CachedAnalysis })
export type AnalysisResult = z.infer<typeof AnalysisResult>

/** An analysis of one asset as a job. */
export const AnalysisJob = jobOf('analysis', AnalysisParams, AnalysisResult)

/** A cached analysis found by a search, with the library asset at its path (null when none is). */
export const FoundAnalysis = CachedAnalysis.extend({ assetId: z.string().nullable(), assetName: z.string().nullable() })
export type FoundAnalysis = z.infer<typeof FoundAnalysis>

/** The library asset a cache row names: at its path with its content, or holding its content anywhere. */
const Matched = z.object({ assetId: z.string().nullable(), sameContentAssetId: z.string().nullable() })

/** The caches of a plugin's database, each row matched to library assets. */
export const ExternalCaches = z.object({
  analyses: z.array(AnalysisRow.extend(Matched.shape)),
  processing: z.array(ProcessingRow.extend({ input: Matched, output: Matched })),
  /** True for a table that holds more rows than were read (only the newest are). */
  truncated: z.object({ analyses: z.boolean(), processing: z.boolean() }),
})
export type ExternalCaches = z.infer<typeof ExternalCaches>

/** A plugin's row, by its id in the plugin's file, and what there is to say about it. */
const RowNote = z.object({ rowId: z.number().int(), message: z.string() })

/** What bringing a plugin's rows onto an asset did, row by row (ids in the plugin's file). */
export const AdoptedRows = z.object({
  assetId: z.string(),
  assetName: z.string(),
  /** Now in the library's cache, keys and result as the plugin wrote them. */
  copied: z.array(z.number().int()),
  /** The library already held the same result under the same key: nothing written. */
  alreadyThere: z.array(z.number().int()),
  /** The library holds another result under the same key: the library's is kept. */
  conflicts: z.array(RowNote),
  /** Copied, but its ranges are no list of start–end–label ranges: the timeline shows none of them. */
  unreadable: z.array(RowNote),
})
export type AdoptedRows = z.infer<typeof AdoptedRows>

// The longest ranges or metadata of one cached analysis `analysis:put` takes, as JSON text.
const CACHED_JSON_MAX_CHARS = 5_000_000

export const analysisChannels = {
  /**
   * Starts an analysis of an asset as a job: a cached result for the same file content and config is
   * answered without running ffmpeg (the job's result says `cached`); `force` runs it anyway.
   */
  'analysis:run': {
    input: AnalysisRequest,
    output: z.object({ job: AnalysisJob }),
  },
  /**
   * Cached analyses across the library, newest first: of one analyzer, holding a range of one label, or
   * stale only. Here `valid` compares with the content the library recorded for the file (verify
   * refreshes it; analysis:list reads the file itself). A page filtered by `stale` may hold fewer rows
   * than asked and still have a next page.
   */
  'analysis:search': {
    input: z
      .object({
        analyzer: AnalyzerName.optional(),
        label: z.string().min(1).max(64).optional(),
        stale: z.boolean().optional(),
        limit: z.number().int().min(1).max(500).default(100),
        cursor: z.string().max(200).optional(),
      })
      .strict(),
    output: z.object({ analyses: z.array(FoundAnalysis), nextCursor: z.string().nullable() }),
  },
  /**
   * Reads the analysis and processing caches of a plugin's SQLite file, read only (path-gated as imports
   * are), newest first (at most 5,000 rows each; `truncated` says which table held more), each row matched to library assets by path and content hash.
   */
  'caches:open': { input: z.object({ path: AbsolutePath }).strict(), output: ExternalCaches },
  /**
   * Copies a plugin's analysis rows (`rowIds`, or every row made from the asset's content) into the
   * library's cache under the asset's file, keys, created time and result unchanged, noting where they
   * came from; all or nothing. A row already there is skipped; one whose key holds another result in the
   * library is a conflict (the library's is kept). Every row must hold the asset's content as `caches:open`
   * matches it.
   */
  'caches:adopt-rows': {
    input: z
      .object({
        path: AbsolutePath,
        assetId: AssetId,
        rowIds: z.array(z.number().int().positive()).min(1).max(5_000).optional(),
      })
      .strict(),
    output: AdoptedRows,
  },
  /**
   * Adds analyses cached elsewhere (a library pushed here) to an asset's file: each row made from the asset's
   * content and not cached for it under its config yet. Rows of other content are counted stale, rows here already
   * present; neither is written.
   */
  'analysis:put': {
    input: z
      .object({
        assetId: AssetId,
        rows: z
          .array(
            z
              .object({
                fileHash: ContentHash,
                configHash: z.string().min(1).max(200),
                // JSON text, as the cache stores them (a plugin's rows may hold other shapes than ours).
                ranges: documentText(z.string().min(1).max(CACHED_JSON_MAX_CHARS)).nullable(),
                metadata: documentText(z.string().min(1).max(CACHED_JSON_MAX_CHARS)).nullable(),
              })
              .strict(),
          )
          .min(1)
          .max(50),
      })
      .strict(),
    output: PutCounts,
  },
  /** Deletes a cached analysis of an asset's file (the next run computes it again). */
  'analysis:delete': {
    input: z.object({ assetId: AssetId, analysisId: z.number().int().positive() }).strict(),
    output: z.object({ deleted: z.literal(true) }),
  },
  /** The cached analyses of an asset's file, newest first, each valid or stale. */
  'analysis:list': {
    input: z.object({ assetId: AssetId }).strict(),
    output: z.object({ analyses: z.array(CachedAnalysis) }),
  },
} as const
