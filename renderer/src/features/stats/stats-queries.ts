import type { QueryObserverOptions } from '@tanstack/react-query'
import { MediaType, type LibraryStats, type MediaFilter } from '../../../../shared/contract'
import type { AppError } from '../../../../shared/errors'
import type { Client } from '../../api/client'
import { backendQuery } from '../../api/query-cache'
import { codecFilters } from './stats-links'

/**
 * The library's figures: read each time the Stats page opens, and again while it shows them when a
 * table they count changes (an import's burst of changes costs one read, see query-events.ts).
 */
export function statsQuery(api: Client): QueryObserverOptions<LibraryStats, AppError> {
  return { ...backendQuery(api, 'library:stats', {}), refetchOnMount: 'always' }
}

/**
 * Library filters showing exactly a codec bucket's assets of `stats`, by bucket key (see codecFilters),
 * checked against the counts when the page opens and when the codecs change: they cost a
 * media:facets call per media type (~0.25 s each on 100,000 assets), so not on every refresh.
 */
export function codecLinksQuery(
  api: Client,
  stats: LibraryStats | undefined,
): QueryObserverOptions<Record<string, MediaFilter>, AppError> {
  return {
    queryKey: ['stats:codec-links', stats?.byCodec.map((bucket) => bucket.key)],
    queryFn: async () => {
      try {
        const [video, image, audio] = await Promise.all(
          MediaType.options.map((type) => api['media:facets']({ filter: { mediaType: [type] } })),
        )
        return codecFilters(stats!.byCodec, { video: video!.codec, image: image!.codec, audio: audio!.codec })
      } catch {
        // Links are a convenience: without them the charts still show, unlinked.
        return {}
      }
    },
    enabled: stats !== undefined,
    // Read again when the page opens; a refresh of the same codecs keeps the key, and so these links.
    staleTime: 0,
  }
}
