import type { HandlerGroup } from './handler-types'

export const eventHandlers = {
  'events:cursor': async (_input, lib) => ({ seq: await lib.changes.cursor() }),
  'events:since': ({ since }, lib) => lib.changes.since(since),
} satisfies HandlerGroup
