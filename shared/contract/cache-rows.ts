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

/**
 * How a cached result was found: under the file's own path, or under another path holding the same
 * bytes (a content-addressed hit). Absent when it was computed (and in results of older Framevaults).
 */
export const CacheMatch = z.enum(['path', 'content']).optional()
