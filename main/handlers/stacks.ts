import { putStacks, stackOf } from '../services/stacks/stacks'
import type { HandlerGroup } from './handler-types'

export const stackHandlers = {
  'stacks:of': ({ id }, lib) => stackOf(lib, id),
  'stacks:put': (input, lib) => putStacks(lib, input),
} satisfies HandlerGroup
