import { useQuery } from '@tanstack/react-query'
import { useEffect, useMemo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { MediaListItem } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import { api } from '../../api/index'
import { queryCache, useBackendQuery } from '../../api/queries'
import { useAppStore } from '../../app/use-app-store'
import { hasMoreMedia, loadMoreMedia, loadedMedia, mediaListQuery, type MediaRequest } from '../../api/media-lists'
import { facetsRequest, mediaRequest, revealPendingAnchor } from './media-request'

const NONE: MediaListItem[] = []

/** The parts of the browse view that decide what is listed and counted. */
const useListedView = () =>
  useAppStore(
    useShallow((s) => ({
      query: s.browse.query,
      filter: s.browse.filter,
      sort: s.browse.sort,
      stacks: s.browse.stacks,
    })),
  )

/** What the library view lists now, from the store's browse view. */
export function useMediaRequest(): MediaRequest {
  const { query, filter, sort, stacks } = useListedView()
  return useMemo(() => mediaRequest({ query, filter, sort, stacks }), [query, filter, sort, stacks])
}

/** The assets the view lists, loaded so far, with whether more pages wait and how loading went. */
export function useMediaList(): {
  media: MediaListItem[]
  hasMore: boolean
  status: 'loading' | 'ready' | 'failed'
  error: ErrorShape | undefined
} {
  const request = useMediaRequest()
  const list = useQuery(mediaListQuery(api, request))
  const loaded = list.data !== undefined
  useEffect(() => {
    if (loaded) void revealPendingAnchor(api, queryCache, useAppStore)
  }, [loaded])
  return {
    media: list.data?.items ?? NONE,
    hasMore: (list.data?.nextCursor ?? null) !== null,
    status: list.isError ? 'failed' : loaded ? 'ready' : 'loading',
    error: list.error ?? list.data?.moreFailed,
  }
}

/** The facet counts for the view's query and filters (the last counts while new ones load). */
export function useFacets() {
  const { input, options } = facetsRequest(useListedView())
  return useBackendQuery('media:facets', input, options)
}

/** The assets the view lists, loaded so far (for key and click handlers, outside rendering). */
export const shownMedia = (): MediaListItem[] => loadedMedia(queryCache, mediaRequest(useAppStore.getState().browse))

/** Whether the view's list has more pages to load (outside rendering). */
export const moreToShow = (): boolean => hasMoreMedia(queryCache, mediaRequest(useAppStore.getState().browse))

/** Appends the next page of the view's list. */
export const showMore = (): Promise<void> => loadMoreMedia(api, queryCache, mediaRequest(useAppStore.getState().browse))
