import type { StateCreator } from 'zustand'
import type { LibraryInfo } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import type { Client } from '../../api/client'
import { toErrorShape } from '../../ui/error-shape'
import type { AppState } from '../../app/store'

export interface LibraryInfoSlice {
  info: LibraryInfo | undefined
  infoStatus: 'idle' | 'loading' | 'ready' | 'failed'
  infoError: ErrorShape | undefined
  loadInfo(): Promise<void>
  /** Renames the library; resolves to the error, if any, for the form to show. */
  renameLibrary(name: string): Promise<ErrorShape | undefined>
}

/** The library's facts as last loaded, their load state, and renaming. */
export function createLibraryInfoSlice(api: Client): StateCreator<AppState, [], [], LibraryInfoSlice> {
  return (set) => ({
    info: undefined,
    infoStatus: 'idle',
    infoError: undefined,
    async loadInfo() {
      set({ infoStatus: 'loading' })
      try {
        set({ info: await api['library:info']({}), infoStatus: 'ready', infoError: undefined })
      } catch (error) {
        set({ infoStatus: 'failed', infoError: toErrorShape(error) })
      }
    },
    async renameLibrary(name) {
      try {
        const renamed = await api['library:rename']({ name })
        // Shown at once; the library:changed event reloads the rest of the facts.
        set((state) => ({ info: state.info && { ...state.info, name: renamed.name } }))
        return undefined
      } catch (error) {
        return toErrorShape(error)
      }
    },
  })
}
