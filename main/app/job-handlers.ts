import { importHandler } from '../ingest/import-job'
import type { AnyJobHandler } from '../jobs/job-handler'
import type { Library } from '../services/library-context'
import { analysisHandler } from '../services/analyses/analyze-asset'
import { thumbnailsHandler } from '../services/assets/thumbnails-job'
import { batchHandler } from '../services/batches/run-batch'
import { comfyRunHandler } from '../services/comfy-runs/run-job'
import { relinkHandler } from '../services/health/health-relink'
import { verifyHandler } from '../services/health/health-verify'
import { checkpointDeleteHandler } from '../services/pipelines/checkpoint-delete'
import { pipelineRunHandler, pipelineStageHandlers } from '../services/pipelines/start-run'
import { processingHandler } from '../services/processing/process-asset'
import { pushJobHandler } from '../services/push/push-job'
import { similarHashHandler } from '../services/similar/hash-job'
import { nearDuplicateSetHandler } from '../services/similar/near-duplicate-set'
import { sidecarPairingHandler } from '../services/stacks/sidecar-pairs'
import { historyImportHandler } from '../services/workflows/history-import'

/**
 * Every job kind's handler, each declared next to its service with where it may run and what it needs; the registry
 * checks at open that none is missing.
 */
export const jobHandlers: readonly AnyJobHandler<Library>[] = [
  importHandler,
  analysisHandler,
  processingHandler,
  verifyHandler,
  relinkHandler,
  historyImportHandler,
  batchHandler,
  similarHashHandler,
  comfyRunHandler,
  pipelineRunHandler,
  ...pipelineStageHandlers,
  checkpointDeleteHandler,
  pushJobHandler,
  thumbnailsHandler,
  sidecarPairingHandler,
  nearDuplicateSetHandler,
]
