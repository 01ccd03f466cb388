import { startHistoryImport } from '../services/workflows/history-import'
import type { HandlerGroup } from './handler-types'

export const historyHandlers = {
  'history:import': async (request, lib) => ({ job: await startHistoryImport(lib, request) }),
} satisfies HandlerGroup
