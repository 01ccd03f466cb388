import {
  deleteSavedSearch,
  listSavedSearches,
  renameSavedSearch,
  saveSearch,
} from '../services/saved-searches/saved-searches'
import { keeperOf } from '../services/people/ownership'
import type { HandlerGroup } from './handler-types'

/** Saved searches: the team's, and each person's own (issue 60 point 3). */
export const savedSearchHandlers = {
  'searches:list': (_input, lib, caller) => listSavedSearches(lib, keeperOf(caller)),
  'searches:save': ({ name, query, filter, sort, replace, private: onlyMe }, lib, caller) =>
    saveSearch(lib, keeperOf(caller), name, { query, filter, sort }, { replace, onlyMe }),
  'searches:rename': ({ id, name, baseVersion }, lib, caller) =>
    renameSavedSearch(lib, keeperOf(caller), id, name, baseVersion),
  'searches:delete': ({ id }, lib, caller) => deleteSavedSearch(lib, keeperOf(caller), id),
} satisfies HandlerGroup
