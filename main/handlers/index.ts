import { analysisHandlers } from './analyses'
import { batchHandlers } from './batches'
import { browseHandlers } from './browse'
import { collectionHandlers } from './collections'
import { eventHandlers } from './events'
import type { Handlers } from './handler-types'
import { healthHandlers } from './health'
import { historyHandlers } from './history'
import { jobHandlers } from './jobs'
import { libraryHandlers } from './library'
import { mediaHandlers } from './media'
import { processingHandlers } from './processing'
import { pushHandlers } from './push'
import { comfyRunHandlers } from './comfy-runs'
import { pipelineHandlers } from './pipelines'
import { peopleHandlers } from './people'
import { watchFolderHandlers } from './watch-folders'
import { savedSearchHandlers } from './saved-searches'
import { commentHandlers } from './comments'
import { inboxHandlers } from './inbox'
import { reviewLinkHandlers } from './review-links'
import { stackHandlers } from './stacks'
import { subtitleHandlers } from './subtitles'
import { similarHandlers } from './similar'
import { statsHandlers } from './stats'
import { trashHandlers } from './trash'
import { workflowHandlers } from './workflows'
import { generatedImportHandlers } from './generated-import'

/** The registry: every channel of the contract mapped to its handler. */
export const handlers: Handlers = {
  ...libraryHandlers,
  ...mediaHandlers,
  ...browseHandlers,
  ...trashHandlers,
  ...healthHandlers,
  ...collectionHandlers,
  ...statsHandlers,
  ...jobHandlers,
  ...analysisHandlers,
  ...processingHandlers,
  ...pushHandlers,
  ...comfyRunHandlers,
  ...pipelineHandlers,
  ...watchFolderHandlers,
  ...savedSearchHandlers,
  ...commentHandlers,
  ...reviewLinkHandlers,
  ...stackHandlers,
  ...subtitleHandlers,
  ...workflowHandlers,
  ...generatedImportHandlers,
  ...historyHandlers,
  ...batchHandlers,
  ...similarHandlers,
  ...eventHandlers,
  ...peopleHandlers,
  ...inboxHandlers,
}
