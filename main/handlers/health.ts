import { healthReport } from '../services/health-report'
import { startRelink } from '../services/health-relink'
import { startVerify } from '../services/health-verify'
import type { HandlerGroup } from './handler-types'

export const healthHandlers = {
  'health:verify': ({ ids }, lib) => startVerify(lib, ids),
  'health:relink': ({ folder, ids }, lib) => startRelink(lib, folder, ids),
  'health:cancel': async ({ jobId }, lib) => ({ job: await lib.health.cancel(jobId) }),
  'health:get': ({ jobId, limit }, lib) => lib.health.get(jobId, limit),
  'health:list': (_input, lib) => ({ jobs: lib.health.list() }),
  'health:report': ({ limit }, lib) => healthReport(lib, limit),
} satisfies HandlerGroup
