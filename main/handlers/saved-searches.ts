import {
  deleteSavedSearch,
  listSavedSearches,
  renameSavedSearch,
  saveSearch,
} from '../services/saved-searches/saved-searches'
import type { HandlerGroup } from './handler-types'

export const savedSearchHandlers = {
  'searches:list': (_input, lib) => listSavedSearches(lib),
  'searches:save': ({ name, query, filter, sort, replace }, lib) =>
    saveSearch(lib, name, { query, filter, sort }, replace),
  'searches:rename': ({ id, name, baseVersion }, lib) => renameSavedSearch(lib, id, name, baseVersion),
  'searches:delete': ({ id }, lib) => deleteSavedSearch(lib, id),
} satisfies HandlerGroup
