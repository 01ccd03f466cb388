import { z } from 'zod'
import { ImportKindJob } from '../../shared/contract'
import { jobHandler } from '../jobs/job-handler'
import type { PathGate } from '../security/path-gate'
import type { PathPredicate } from './collect-files'
import type { Importer } from './importer'
import type { ImportRequest } from './import-request'

/**
 * What an import job stores: the contract's parameters and what the import reads, so any process can run it —
 * the paths (and whether the library's path gate filters what folders lead to) or the uploaded temp files.
 */
export const ImportJobParams = ImportKindJob.shape.params.extend({
  paths: z.array(z.string()).optional(),
  gated: z.boolean().optional(),
  uploads: z
    .array(
      z.object({
        path: z.string(),
        name: z.string(),
        originalPath: z.string().nullable(),
        origin: z.object({ importedAt: z.string(), machine: z.string().nullable() }).optional(),
        size: z.number(),
        sha256: z.string().optional(),
        uploaded: z.boolean().optional(),
      }),
    )
    .optional(),
  sourceType: z.enum(['processed', 'generated']).optional(),
})
export type ImportJobParams = z.infer<typeof ImportJobParams>

/** An import request as its job stores it (a path gate's predicate as whether one applies). */
export function importParams(request: ImportRequest): ImportJobParams {
  const stored = { source: request.source, importedBy: request.importedBy }
  if (request.source === 'paths') {
    return { ...stored, link: request.link, paths: request.paths, gated: request.permits !== undefined }
  }
  return { ...stored, link: false, uploads: request.uploads, sourceType: request.sourceType }
}

/** The request a stored import job makes again, with `permits` (the library's path gate) when it was gated. */
export function importRequest(params: ImportJobParams, permits: PathPredicate): ImportRequest {
  const { importedBy } = params
  if (params.source === 'paths') {
    const gate = params.gated ? { permits } : {}
    return { source: 'paths', paths: params.paths ?? [], link: params.link, importedBy, ...gate }
  }
  const sourceType = params.sourceType === undefined ? {} : { sourceType: params.sourceType }
  return { source: 'upload', uploads: params.uploads ?? [], importedBy, ...sourceType }
}

/** The import job's handler: one import at a time, beside the counted jobs (other jobs start imports and wait on them). */
export const importHandler = jobHandler({
  kind: 'import',
  params: ImportJobParams,
  result: ImportKindJob.shape.result.unwrap(),
  retryable: false,
  // Its files are on its starter's machine (paths, uploads).
  runs: 'starter',
  rerunnable: false,
  exclusive: 'import',
  uncounted: true,
  run: (lib: { importer: Importer; pathGate: PathGate }, params, context) =>
    lib.importer.run(importRequest(params, lib.pathGate.permits), context),
})
