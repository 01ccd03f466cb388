import { browseHandlers } from './browse'
import { collectionHandlers } from './collections'
import type { Handlers } from './handler-types'
import { healthHandlers } from './health'
import { libraryHandlers } from './library'
import { mediaHandlers } from './media'

/** The registry: every channel of the contract mapped to its handler. */
export const handlers: Handlers = {
  ...libraryHandlers,
  ...mediaHandlers,
  ...browseHandlers,
  ...healthHandlers,
  ...collectionHandlers,
}
