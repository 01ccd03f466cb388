import type { StateCreator } from 'zustand'
import type { EventPayload, MediaAsset } from '../../../shared/contract'
import type { ErrorShape } from '../../../shared/errors'
import type { Client } from '../api/client'
import { toErrorShape } from './error-shape'
import type { AppState } from './index'

const PAGE_SIZE = 100
const MAX_RELOAD = 500

export interface MediaSlice {
  /** The assets the grid has loaded, newest import first. */
  media: MediaAsset[]
  /** Where the next page starts; null when everything is loaded. */
  mediaCursor: string | null
  mediaStatus: 'idle' | 'loading' | 'ready' | 'failed'
  mediaError: ErrorShape | undefined
  /** Bumped when an asset's thumbnails are (re)written; used to refetch its images. */
  thumbnailVersions: Record<string, number>
  loadMedia(): Promise<void>
  loadMoreMedia(): Promise<void>
  showAsset(id: string): Promise<void>
  thumbnailsChanged(update: EventPayload<'media:thumbnails'>): void
}

/** The library grid: pages of assets from the database, kept current as imports land. */
export function createMediaSlice(api: Client): StateCreator<AppState, [], [], MediaSlice> {
  return (set, get) => {
    // Each (re)load starts a new generation; answers of an older one are dropped.
    let generation = 0
    const fail = (error: unknown) => set({ mediaStatus: 'failed', mediaError: toErrorShape(error) })
    return {
      media: [],
      mediaCursor: null,
      mediaStatus: 'idle',
      mediaError: undefined,
      thumbnailVersions: {},
      async loadMedia() {
        const mine = ++generation
        const limit = Math.min(Math.max(get().media.length, PAGE_SIZE), MAX_RELOAD)
        set({ mediaStatus: 'loading' })
        try {
          const page = await api['media:list']({ limit, cursor: null })
          if (mine !== generation) return
          set({ media: page.items, mediaCursor: page.nextCursor, mediaStatus: 'ready', mediaError: undefined })
        } catch (error) {
          if (mine === generation) fail(error)
        }
      },
      async loadMoreMedia() {
        const { mediaCursor: cursor, mediaStatus } = get()
        if (cursor === null || mediaStatus === 'loading') return
        const mine = generation
        set({ mediaStatus: 'loading' })
        try {
          const page = await api['media:list']({ limit: PAGE_SIZE, cursor })
          if (mine !== generation) return
          set((state) => ({
            media: [
              ...state.media,
              ...page.items.filter((asset) => !state.media.some((known) => known.id === asset.id)),
            ],
            mediaCursor: page.nextCursor,
            mediaStatus: 'ready',
          }))
        } catch (error) {
          if (mine === generation) fail(error)
        }
      },
      async showAsset(id) {
        try {
          const asset = await api['media:get']({ id })
          set((state) => ({
            media: state.media.some((known) => known.id === id)
              ? state.media.map((known) => (known.id === id ? asset : known))
              : [asset, ...state.media],
          }))
        } catch (error) {
          set({ mediaError: toErrorShape(error) })
        }
      },
      thumbnailsChanged({ id, error }) {
        set((state) => ({
          thumbnailVersions: { ...state.thumbnailVersions, [id]: (state.thumbnailVersions[id] ?? 0) + 1 },
        }))
        // A failure changed the asset's status and error: show them.
        if (error !== null) void get().showAsset(id)
      },
    }
  }
}
