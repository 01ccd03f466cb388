import { useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useSyncExternalStore } from 'react'

/**
 * How often each asset's thumbnails were rewritten since the window opened (`media:thumbnails`), per query cache: image
 * URLs carry the count, so a rewritten poster is fetched again. A counter per asset, not backend data, with its own
 * listeners: every card on screen reads it, and the query cache's own events are far too many to follow per card.
 */
interface Versions {
  counts: Map<string, number>
  listeners: Set<() => void>
}
const byCache = new WeakMap<QueryClient, Versions>()

function versionsOf(cache: QueryClient): Versions {
  let versions = byCache.get(cache)
  if (!versions) byCache.set(cache, (versions = { counts: new Map(), listeners: new Set() }))
  return versions
}

/** Counts one more rewrite of asset `id`'s thumbnails. */
export function thumbnailsRewritten(cache: QueryClient, id: string): void {
  const { counts, listeners } = versionsOf(cache)
  counts.set(id, (counts.get(id) ?? 0) + 1)
  listeners.forEach((listener) => listener())
}

/** The count of asset `id`'s rewrites in `cache`. */
export function thumbnailVersion(cache: QueryClient, id: string): number {
  return versionsOf(cache).counts.get(id) ?? 0
}

/** The count of asset `id`'s rewrites, kept current. */
export function useThumbnailVersion(id: string): number {
  const cache = useQueryClient()
  return useSyncExternalStore(
    (listener) => {
      const { listeners } = versionsOf(cache)
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    () => thumbnailVersion(cache, id),
  )
}
