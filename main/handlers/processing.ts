import { listProcessing, startProcessing } from '../services/processing/process-asset'
import { putProcessingRuns } from '../services/processing/put-processing-runs'
import type { HandlerGroup } from './handler-types'

export const processingHandlers = {
  'processing:run': async (input, lib) => ({ job: await startProcessing(lib, input) }),
  'processing:list': ({ assetId }, lib) => listProcessing(lib, assetId),
  'processing:put': (input, lib) => putProcessingRuns(lib, input),
} satisfies HandlerGroup
