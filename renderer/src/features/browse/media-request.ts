import type { QueryClient } from '@tanstack/react-query'
import type { Client } from '../../api/client'
import { revealAnchor, type MediaRequest } from '../../api/media-lists'
import type { AppStore } from '../../app/store'
import { listedFilter, type BrowseView } from './browse-url'

/** The query text a view searches for (none when blank). */
const searched = (query: string) => (query.trim() === '' ? undefined : query)

/** The list request a browse view makes. */
export function mediaRequest(view: Pick<BrowseView, 'query' | 'filter' | 'sort' | 'stacks'>): MediaRequest {
  return { query: searched(view.query), filter: listedFilter(view), sort: view.sort }
}

/** `media:facets`' input for a view's query and filters, and its query options (old counts stay shown while new ones load). */
export function facetsRequest(view: Pick<BrowseView, 'query' | 'filter' | 'stacks'>) {
  const filter = listedFilter(view)
  return {
    input: { query: searched(view.query), filter },
    options: { identity: 'facets' },
  }
}

/** Once the first list has loaded: reads on to the URL's anchor, once per window (see BrowseSlice.revealPending). */
export function revealPendingAnchor(api: Client, cache: QueryClient, store: AppStore): Promise<void> {
  const { revealPending, browse } = store.getState()
  if (!revealPending || browse.anchor === null) return Promise.resolve()
  store.setState({ revealPending: false })
  return revealAnchor(api, cache, mediaRequest(browse), browse.anchor)
}
