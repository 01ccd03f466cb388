import { stackOf } from '../services/stacks/stacks'
import type { HandlerGroup } from './handler-types'

export const stackHandlers = {
  'stacks:of': ({ id }, lib) => stackOf(lib, id),
} satisfies HandlerGroup
