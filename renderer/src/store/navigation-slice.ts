import type { StateCreator } from 'zustand'
import type { AppState } from './index'

export const VIEWS = ['library', 'workflows', 'analyses', 'info'] as const
export type View = (typeof VIEWS)[number]

/** The view a URL hash names, or undefined when it names none. */
export function viewFromHash(hash: string): View | undefined {
  const name = hash.replace(/^#\/?/, '')
  return (VIEWS as readonly string[]).includes(name) ? (name as View) : undefined
}

export interface NavigationSlice {
  view: View
  navigate(view: View): void
}

/** Which section of the app is shown. Opening the info page fetches fresh facts (changes elsewhere refetch them only while it is shown). */
export function createNavigationSlice(initialView: View): StateCreator<AppState, [], [], NavigationSlice> {
  return (set, get) => ({
    view: initialView,
    navigate(view) {
      if (view === get().view) return
      set({ view })
      if (view === 'info') void get().loadInfo()
    },
  })
}
