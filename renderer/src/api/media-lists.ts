import type { QueryClient, QueryObserverOptions } from '@tanstack/react-query'
import type { MediaAsset, MediaFilter, MediaListItem, MediaSort } from '../../../shared/contract'
import { listItemOf } from '../../../shared/list-item'
import type { AppError, ErrorShape } from '../../../shared/errors'
import { toErrorShape } from '../ui/error-shape'
import type { Client } from './client'
import { thumbnailsRewritten } from './thumbnail-versions'

// The library view's assets, page by page, in the query cache: one list per request, kept current by change events.

const PAGE_SIZE = 200
const MAX_RELOAD = 500
// How far a reload or a shared link reads on to find its anchor (25 pages: 5,000 assets).
const MAX_REVEAL_PAGES = 25

/** What the library view lists: its query, filters (stacks folded in) and sort (see browse's `mediaRequest`). */
export interface MediaRequest {
  query: string | undefined
  filter: MediaFilter
  sort: MediaSort
}

/** The assets of a request loaded so far, in its order, and where the next page starts (null: all loaded). */
export interface MediaList {
  items: MediaListItem[]
  nextCursor: string | null
  /** Why the last next page failed to load, if it did. */
  moreFailed?: ErrorShape
}

/** The cache key of a request's list (not a plain channel answer: its pages are appended to it). */
export const mediaListKey = (request: MediaRequest) => ['media:list', request, 'pages'] as const

/**
 * The query of a request's list. A change event reloads its top (as many assets as are loaded, up to
 * MAX_RELOAD) and keeps the pages loaded further down (see `refreshed`), so the scroll position stays.
 */
export function mediaListQuery(api: Client, request: MediaRequest): QueryObserverOptions<MediaList, AppError> {
  const key = mediaListKey(request)
  // Kept current by the topics `media:list` reads for the request (its key's input).
  return {
    queryKey: key,
    // Lists run to 100,000 assets: comparing each answer with the last, item by item, would cost a frame.
    structuralSharing: false,
    queryFn: async ({ client }) => {
      const loaded = client.getQueryData<MediaList>(key)?.items.length ?? 0
      const limit = Math.min(Math.max(loaded, PAGE_SIZE), MAX_RELOAD)
      const page = await cardPage(api, request, limit, null)
      // A page appended while this one was on its way stays.
      return refreshed(client.getQueryData<MediaList>(key), page)
    },
  }
}

type CardPage = Pick<MediaList, 'items' | 'nextCursor'>

/** A page of a request's list items (the library view never asks `media:list` for whole records). */
async function cardPage(api: Client, request: MediaRequest, limit: number, cursor: string | null): Promise<CardPage> {
  return (await api['media:list']({ limit, cursor, ...request, view: 'card' })) as CardPage
}

// The requests whose next page is being read, by key: one at a time per list.
const readingMore = new WeakMap<QueryClient, Set<string>>()

/** The assets of `request` loaded so far in `cache`. */
export function loadedMedia(cache: QueryClient, request: MediaRequest): MediaListItem[] {
  return cache.getQueryData<MediaList>(mediaListKey(request))?.items ?? []
}

/** Whether `request`'s list has more pages to load. */
export function hasMoreMedia(cache: QueryClient, request: MediaRequest): boolean {
  return (cache.getQueryData<MediaList>(mediaListKey(request))?.nextCursor ?? null) !== null
}

/** Appends the next page to `request`'s list, unless all is loaded or a page is already on its way. */
export async function loadMoreMedia(api: Client, cache: QueryClient, request: MediaRequest): Promise<void> {
  const key = mediaListKey(request)
  const cursor = cache.getQueryData<MediaList>(key)?.nextCursor ?? null
  const id = JSON.stringify(key)
  const reading = readingMore.get(cache) ?? new Set<string>()
  readingMore.set(cache, reading)
  if (cursor === null || reading.has(id)) return
  reading.add(id)
  try {
    const page = await cardPage(api, request, PAGE_SIZE, cursor)
    cache.setQueryData<MediaList>(key, (list) => list && { ...appended(list, page.items), nextCursor: page.nextCursor })
  } catch (error) {
    cache.setQueryData<MediaList>(key, (list) => list && { ...list, moreFailed: toErrorShape(error) })
  } finally {
    reading.delete(id)
  }
}

/** Loads pages until `anchor` is among them (bounded), so a reload or a shared link returns to where it was. */
export async function revealAnchor(api: Client, cache: QueryClient, request: MediaRequest, anchor: string) {
  for (let pages = 0; pages < MAX_REVEAL_PAGES; pages++) {
    const list = cache.getQueryData<MediaList>(mediaListKey(request))
    if (!list || list.nextCursor === null || list.items.some((asset) => asset.id === anchor)) return
    await loadMoreMedia(api, cache, request)
  }
}

/** Takes assets out of every loaded list at once (deleted, or out of the collection a view is filtered by). */
export function dropFromLists(cache: QueryClient, ids: ReadonlySet<string>, onlyFilteredBy?: number): void {
  for (const [key, list] of cache.getQueriesData<MediaList>({ queryKey: ['media:list'] })) {
    const request = key[1] as MediaRequest
    if (!list || key[2] !== 'pages' || (onlyFilteredBy !== undefined && request.filter.collection !== onlyFilteredBy))
      continue
    cache.setQueryData<MediaList>(key, { ...list, items: list.items.filter((asset) => !ids.has(asset.id)) })
  }
}

/** Shows an asset's new state in every loaded list that holds it (where a new asset belongs is a reload's answer). */
export function replaceInLists(cache: QueryClient, record: MediaAsset): void {
  const asset = listItemOf(record)
  for (const [key, list] of cache.getQueriesData<MediaList>({ queryKey: ['media:list'] })) {
    if (!list || key[2] !== 'pages' || !list.items.some((known) => known.id === asset.id)) continue
    cache.setQueryData<MediaList>(key, {
      ...list,
      items: list.items.map((known) => (known.id === asset.id ? asset : known)),
    })
  }
}

/**
 * Follows assets' rewritten thumbnails: their images are fetched again, and a failure (the asset's status and
 * error changed) shows in the lists that hold it. Returns the unsubscribe.
 */
export function followThumbnails(api: Client, cache: QueryClient): () => void {
  return api.onEvent((event) => {
    if (event.name !== 'media:thumbnails') return
    const { id, error } = event.payload
    thumbnailsRewritten(cache, id)
    // A failure to read it (the asset deleted meanwhile) leaves the lists as they are.
    if (error !== null)
      void api['media:get']({ id }).then(
        (asset) => replaceInLists(cache, asset),
        () => {},
      )
  })
}

// The ids of a loaded list, by list. Appending a page hands the list's set on to the longer list
// instead of building a set of every loaded id again: 100,000 ids per page, deep in a big library,
// cost tens of milliseconds of a scrolling frame.
const loadedIds = new WeakMap<readonly MediaListItem[], Set<string>>()

/** The list with the page's assets that it does not hold yet (a refresh can move an asset into a later page). */
function appended(list: MediaList, items: MediaListItem[]): MediaList {
  const ids = loadedIds.get(list.items) ?? new Set(list.items.map((asset) => asset.id))
  loadedIds.delete(list.items)
  const fresh = items.filter((asset) => !ids.has(asset.id))
  for (const asset of fresh) ids.add(asset.id)
  const longer = list.items.concat(fresh)
  loadedIds.set(longer, ids)
  return { items: longer, nextCursor: list.nextCursor }
}

/**
 * The list after a reload of its first page: where the reloaded page's last asset is already
 * shown further down, the pages after it stay (with their cursor), so a change near the top
 * does not throw away what the user scrolled to.
 */
function refreshed(list: MediaList | undefined, page: CardPage): MediaList {
  const last = page.items.at(-1)
  const at = last === undefined || !list ? -1 : list.items.findIndex((asset) => asset.id === last.id)
  if (!list || page.nextCursor === null || at < 0) return { items: page.items, nextCursor: page.nextCursor }
  const fresh = new Set(page.items.map((asset) => asset.id))
  const tail = list.items.slice(at + 1).filter((asset) => !fresh.has(asset.id))
  return { items: [...page.items, ...tail], nextCursor: list.nextCursor }
}
