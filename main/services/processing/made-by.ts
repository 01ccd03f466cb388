import type { ProcessingStep } from '../../../shared/contract'
import type { ProcessingCacheRow } from '../../db/repos/processing-cache'
import type { Uses } from '../library-context'

/**
 * The processing run that made the file at `file` (the asset's own file), for its provenance; null when no
 * recorded run has it as output. Of several, the first that ran ffmpeg: a cached answer for another input
 * (metadata `sameContentAs`) and a forced re-run that made the same bytes again came later and made nothing new.
 */
export async function processingStepOf(
  lib: Uses<'media' | 'processing'>,
  file: string,
): Promise<ProcessingStep | null> {
  const runs = (await lib.catalog.repos.processing.touching(file)).filter((run) => run.outputPath === file)
  if (runs.length === 0) return null
  // touching() answers newest first.
  const oldestFirst = [...runs].reverse()
  const maker = oldestFirst.find((run) => !copiedFrom(run)) ?? oldestFirst[0]!
  const input = await lib.catalog.repos.media.byPath(maker.inputPath)
  return {
    jobId: maker.jobId,
    action: maker.action,
    parameters: maker.parameters,
    ranAt: new Date(maker.createdAt * 1000).toISOString(),
    input: {
      path: maker.inputPath,
      assetId: input?.id ?? null,
      name: input?.name ?? null,
    },
    otherRuns: runs.length - 1,
  }
}

function copiedFrom(run: ProcessingCacheRow): boolean {
  const metadata = run.metadata
  return typeof metadata === 'object' && metadata !== null && 'sameContentAs' in metadata
}
