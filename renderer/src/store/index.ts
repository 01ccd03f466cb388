import { create } from 'zustand'
import type { Client } from '../api/client'
import { createBackupSlice, type BackupSlice } from './backup-slice'
import { createImportSlice, type ImportSlice } from './import-slice'
import { createLibraryInfoSlice, type LibraryInfoSlice } from './library-info-slice'
import { createMediaSlice, type MediaSlice } from './media-slice'
import { createNavigationSlice, type NavigationSlice, type View } from './navigation-slice'

/** The whole UI state: one slice per concern. It holds views, not a copy of the database. */
export type AppState = NavigationSlice & LibraryInfoSlice & ImportSlice & MediaSlice & BackupSlice

/** Builds the store around a client, so tests can give it any transport. */
export function createAppStore(api: Client, initialView: View) {
  return create<AppState>()((...args) => ({
    ...createNavigationSlice(initialView)(...args),
    ...createLibraryInfoSlice(api)(...args),
    ...createImportSlice(api)(...args),
    ...createMediaSlice(api)(...args),
    ...createBackupSlice(api)(...args),
  }))
}
export type AppStore = ReturnType<typeof createAppStore>
