import { batchItems, startBatch } from '../services/batches/run-batch'
import type { HandlerGroup } from './handler-types'

export const batchHandlers = {
  'batch:run': async (input, lib) => ({ job: await startBatch(lib, input) }),
  'batch:items': (input, lib) => batchItems(lib, input),
} satisfies HandlerGroup
