import { libraryStats } from '../services/stats/stats'
import type { HandlerGroup } from './handler-types'

export const statsHandlers = {
  'library:stats': (_input, lib) => libraryStats(lib),
} satisfies HandlerGroup
