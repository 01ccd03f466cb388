import { api } from '../api/index'
import { createAppStore } from './index'
import { viewFromHash } from './navigation-slice'

/** The app's one store, bound to the real API; the first view comes from the URL hash. */
export const useAppStore = createAppStore(api, viewFromHash(window.location.hash) ?? 'info')
