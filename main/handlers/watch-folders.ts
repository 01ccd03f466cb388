import {
  addWatchFolder,
  listWatchFolders,
  pauseWatchFolder,
  removeWatchFolder,
  watchEvents,
} from '../services/watch-folders/watch-folders'
import type { HandlerGroup } from './handler-types'

export const watchFolderHandlers = {
  'watch:list': (_input, lib) => listWatchFolders(lib),
  'watch:add': ({ path, mode }, lib) => addWatchFolder(lib, path, mode),
  'watch:remove': ({ id }, lib) => removeWatchFolder(lib, id),
  'watch:pause': ({ id, paused }, lib) => pauseWatchFolder(lib, id, paused),
  'watch:events': ({ folderId, limit }, lib) => watchEvents(lib, folderId, limit),
} satisfies HandlerGroup
