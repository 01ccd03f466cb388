import type { HandlerGroup } from './handler-types'

export const eventHandlers = {
  'events:cursor': (_input, lib) => ({ seq: lib.changes.cursor() }),
  'events:since': ({ since }, lib) => lib.changes.since(since),
} satisfies HandlerGroup
