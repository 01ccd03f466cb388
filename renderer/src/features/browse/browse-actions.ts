import type { StateCreator } from 'zustand'
import type { ErrorShape } from '../../../../shared/errors'
import type { QueryClient } from '@tanstack/react-query'
import { loadedMedia } from '../../api/media-lists'
import type { Write } from '../../api/writes'
import type { AppState } from '../../app/store'
import { toErrorShape } from '../../ui/error-shape'
import type { LoadedIds } from './browse-slice'
import { mediaRequest } from './media-request'

export interface BrowseActions {
  /** Adds tags to the selected assets (unknown tags are created); resolves to the error, if any. */
  tagSelection(tags: string[]): Promise<ErrorShape | undefined>
  rateSelection(rating: number): Promise<ErrorShape | undefined>
}

/** What the selection bar changes on the selected assets, through `write`. */
export function createBrowseActions(write: Write): StateCreator<AppState, [], [], BrowseActions> {
  return (_set, get) => {
    const bulk = async (call: (ids: string[]) => Promise<unknown>) => {
      const ids = get().selection
      if (ids.length === 0) return undefined
      try {
        await call(ids)
        return undefined
      } catch (error) {
        return toErrorShape(error)
      }
    }
    return {
      tagSelection: (tags) => bulk((ids) => write('media:tag', { ids, tags })),
      rateSelection: (rating) => bulk((ids) => write('media:set-rating', { ids, rating })),
    }
  }
}

/** The ids a view has loaded so far in `cache`, in its order: where the browse slice's selection finds them. */
export const loadedIdsIn =
  (cache: QueryClient): LoadedIds =>
  (view) =>
    loadedMedia(cache, mediaRequest(view)).map((asset) => asset.id)
