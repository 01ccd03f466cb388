import { healthReport } from '../services/health/health-report'
import { startRelink } from '../services/health/health-relink'
import { startVerify } from '../services/health/health-verify'
import type { HandlerGroup } from './handler-types'

export const healthHandlers = {
  'health:verify': ({ ids }, lib) => startVerify(lib, ids),
  'health:relink': ({ folder, ids }, lib) => startRelink(lib, folder, ids),
  'health:report': ({ limit }, lib) => healthReport(lib, limit),
} satisfies HandlerGroup
