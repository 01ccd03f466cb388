import { previewPush, startPush } from '../services/push/push-job'
import type { HandlerGroup } from './handler-types'

/** "Send to team library…": a preview that changes nothing, then the push as a job. */
export const pushHandlers = {
  'push:preview': (input, lib) => previewPush(lib, input),
  'push:start': (input, lib) => startPush(lib, input),
} satisfies HandlerGroup
