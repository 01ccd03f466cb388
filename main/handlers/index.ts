import type { Handlers } from './handler-types'
import { libraryHandlers } from './library'

/** The registry: every channel of the contract mapped to its handler. */
export const handlers: Handlers = {
  ...libraryHandlers,
}
