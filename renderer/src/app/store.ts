import type { QueryClient } from '@tanstack/react-query'
import { create } from 'zustand'
import type { Client } from '../api/client'
import { createImportSlice, type ImportSlice } from '../features/import/import-slice'
import { createWorkflowFilesSlice, type WorkflowFilesSlice } from '../features/import/workflow-files-slice'
import { createBrowseSlice, type BrowseSlice } from '../features/browse/browse-slice'
import { DEFAULT_BROWSE } from '../features/browse/browse-url'
import { createNavigationSlice, type NavigationSlice, type Route } from './navigation-slice'
import { createOrganiseSlice, type OrganiseSlice } from '../features/organise/organise-slice'

/** The whole UI state: one slice per concern. It holds views, not a copy of the database (that is the query cache). */
export type AppState = NavigationSlice & ImportSlice & WorkflowFilesSlice & BrowseSlice & OrganiseSlice

/** Builds the store around a client and the query cache its actions update, so tests can give it any transport. */
export function createAppStore(api: Client, cache: QueryClient, initial: Route) {
  return create<AppState>()((...args) => ({
    ...createNavigationSlice(initial)(...args),
    ...createImportSlice(api, cache)(...args),
    ...createWorkflowFilesSlice(api)(...args),
    ...createBrowseSlice(api, cache, initial.browse ?? DEFAULT_BROWSE)(...args),
    ...createOrganiseSlice(api, cache)(...args),
  }))
}
export type AppStore = ReturnType<typeof createAppStore>
