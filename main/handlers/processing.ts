import { listProcessing, startProcessing } from '../services/processing/process-asset'
import type { HandlerGroup } from './handler-types'

export const processingHandlers = {
  'processing:run': async (input, lib) => ({ job: await startProcessing(lib, input) }),
  'processing:list': ({ assetId }, lib) => listProcessing(lib, assetId),
} satisfies HandlerGroup
