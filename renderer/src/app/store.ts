import type { QueryClient } from '@tanstack/react-query'
import { create } from 'zustand'
import type { Client } from '../api/client'
import { uploadThrough, writeThrough } from '../api/writes'
import { createImportSlice, type ImportSlice } from '../features/import/import-slice'
import { createImportActions, type ImportActions } from '../features/import/import-actions'
import { createWorkflowFilesSlice, type WorkflowFilesSlice } from '../features/import/workflow-files-slice'
import { createWorkflowFilesActions, type WorkflowFilesActions } from '../features/import/workflow-files-actions'
import { createBrowseSlice, type BrowseSlice } from '../features/browse/browse-slice'
import { createBrowseActions, loadedIdsIn, type BrowseActions } from '../features/browse/browse-actions'
import { DEFAULT_BROWSE } from '../features/browse/browse-url'
import { createNavigationSlice, type NavigationSlice, type Route } from './navigation-slice'
import { createOrganiseSlice, type OrganiseSlice } from '../features/organise/organise-slice'
import { createOrganiseActions, type OrganiseActions } from '../features/organise/organise-actions'

/** The UI state: one slice per concern. It holds views, not a copy of the database (that is the query cache). */
type Slices = NavigationSlice & ImportSlice & WorkflowFilesSlice & BrowseSlice & OrganiseSlice
/** What the features change in the library: each a write through the one write path (api/writes.ts). */
type Actions = ImportActions & WorkflowFilesActions & BrowseActions & OrganiseActions

/** The whole store: the UI state and the actions that change the library. */
export type AppState = Slices & Actions

/**
 * Builds the store around a client and the query cache: the slices hold UI state only; the actions write through
 * `writeThrough(api, cache)` (so tests can give it any transport).
 */
export function createAppStore(api: Client, cache: QueryClient, initial: Route) {
  const write = writeThrough(api, cache)
  return create<AppState>()((...args) => ({
    ...createNavigationSlice(initial)(...args),
    ...createImportSlice(api.canLink)(...args),
    ...createWorkflowFilesSlice()(...args),
    ...createBrowseSlice(initial.browse ?? DEFAULT_BROWSE, loadedIdsIn(cache))(...args),
    ...createOrganiseSlice()(...args),
    ...createImportActions(uploadThrough(api, cache), write, cache)(...args),
    ...createWorkflowFilesActions(write)(...args),
    ...createBrowseActions(write)(...args),
    ...createOrganiseActions(write, cache)(...args),
  }))
}
export type AppStore = ReturnType<typeof createAppStore>
