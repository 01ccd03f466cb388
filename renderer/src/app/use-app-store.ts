import { api } from '../api/index'
import { queryCache } from '../api/queries'
import { DEFAULT_BROWSE } from '../features/browse/browse-url'
import { createAppStore } from './store'
import { routeFromHash } from './navigation-slice'

/** The app's one store, bound to the real API; the first page and library view come from the URL hash. */
export const useAppStore = createAppStore(
  api,
  queryCache,
  routeFromHash(window.location.hash) ?? { view: 'library', assetId: null, browse: DEFAULT_BROWSE },
)
