import { startHistoryImport } from '../services/workflows/history-import'
import type { HandlerGroup } from './handler-types'

export const historyHandlers = {
  'history:import': (request, lib) => ({ job: startHistoryImport(lib, request) }),
} satisfies HandlerGroup
