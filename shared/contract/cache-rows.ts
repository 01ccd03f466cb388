import { z } from 'zod'

/** An analysis_jobs row (the plugins' table): one file's result for one config. */
export const AnalysisRow = z.object({
  id: z.number().int(),
  filePath: z.string(),
  fileHash: z.string(),
  configHash: z.string(),
  ranges: z.unknown(),
  metadata: z.unknown(),
  /** Unix seconds. */
  createdAt: z.number(),
})

/** A processing_jobs row (the plugins' table): an input made into an output by an action and its config. */
export const ProcessingRow = z.object({
  id: z.number().int(),
  jobId: z.string(),
  action: z.string(),
  inputPath: z.string(),
  inputHash: z.string(),
  configHash: z.string(),
  outputPath: z.string(),
  outputHash: z.string(),
  parameters: z.unknown(),
  metadata: z.unknown(),
  /** Unix seconds. */
  createdAt: z.number(),
})

/** What a put of items recorded elsewhere (a push) did with them: written, or there already (kept as it was). */
export const PutTally = z.object({
  /** Written. */
  added: z.number().int().nonnegative(),
  /** There already. */
  present: z.number().int().nonnegative(),
})
export type PutTally = z.infer<typeof PutTally>

/** What a put of cache rows made elsewhere did with them (analysis:put, processing:put): written, or not and why. */
export const PutCounts = PutTally.extend({
  /** Made from other contents than the library's files hold. */
  stale: z.number().int().nonnegative(),
})
export type PutCounts = z.infer<typeof PutCounts>

/**
 * How a cached result was found: under the file's own path, or under another path holding the same
 * bytes (a content-addressed hit). Absent when it was computed (and in results of older Framevaults).
 */
export const CacheMatch = z.enum(['path', 'content']).optional()

// Where rows record their analyzer: ours write `analyzer` (with `config`); plugins have been seen
// to use the other two.
const ANALYZER_KEYS = ['analyzer', 'analysis_type', 'type'] as const

/** The analyzer a cache row's metadata names, or null when it names none. */
export function recordedAnalyzer(metadata: unknown): string | null {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return null
  for (const key of ANALYZER_KEYS) {
    const value = (metadata as Record<string, unknown>)[key]
    if (typeof value === 'string' && value.trim() !== '') return value
  }
  return null
}
