import type { QueryClient } from '@tanstack/react-query'
import type { Topic } from '../../../shared/contract'
import { batched } from '../ui/batched'
import type { Client } from './client'
import { reloadOntoOpenedLibrary } from './library-opened'
import { invalidateAsset, invalidateTopics } from './query-cache'

// An import or a bulk edit sends a burst of changes: the topics of a burst are invalidated once.
const BURST_MS = 300

/**
 * Keeps the query cache current with the backend's push events: the topics a `library:changed`
 * names, and an asset's own events; another library opened starts the window afresh. Returns the unsubscribe.
 */
export function followQueries(api: Client, cache: QueryClient): () => void {
  const changed = new Set<Topic>()
  const flush = batched(BURST_MS, () => {
    const topics = [...changed]
    changed.clear()
    void invalidateTopics(cache, topics)
  })
  return api.onEvent((event) => {
    if (event.name === 'library:changed') {
      for (const topic of event.payload.topics) changed.add(topic)
      flush()
    } else if (event.name === 'media:thumbnails') void invalidateAsset(cache, event.payload.id)
    // A file dropped onto an asset as its duplicate adds to its provenance; other assets' queries are untouched.
    else if (event.name === 'import:updated' && event.payload.item?.asset) {
      void invalidateAsset(cache, event.payload.item.asset.id)
    }
    // Another library is open now (from this window or another): nothing cached here belongs to it.
    else if (event.name === 'library:opened') reloadOntoOpenedLibrary()
  })
}
