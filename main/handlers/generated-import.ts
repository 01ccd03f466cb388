import { importGenerated } from '../services/workflows/generated-import'
import type { HandlerGroup } from './handler-types'

export const generatedImportHandlers = {
  'media:import-generated': (input, lib) => importGenerated(lib, input),
} satisfies HandlerGroup
