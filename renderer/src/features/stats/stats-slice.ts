import type { StateCreator } from 'zustand'
import type { LibraryStats, MediaFilter } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import type { Client } from '../../api/client'
import { toErrorShape } from '../../store/error-shape'
import type { AppState } from '../../store/index'
import { batched } from '../../ui/batched'
import { coalesced } from '../../ui/coalesced'
import { codecFilters } from './stats-links'

// Tables whose changes move the figures (assets, their health columns, import outcomes).
const STATS_TABLES = new Set(['videos', 'import_jobs', 'import_items'])
// An import sends a change per file: its changes within this window cost one read, not one each
// (a read of a large library's figures is ~0.1 s of the backend's time).
const SETTLE_MS = 300

export interface StatsSlice {
  stats: LibraryStats | undefined
  /** `loading` only before the first figures; a refresh keeps showing the last ones. */
  statsStatus: 'idle' | 'loading' | 'ready' | 'failed'
  statsError: ErrorShape | undefined
  /** Library filters showing exactly a codec bucket's assets, by bucket key (see codecFilters). */
  statsCodecFilters: Record<string, MediaFilter>
  /** Reads the figures (and the codec filters) again; overlapping calls collapse into one more read. */
  loadStats(): Promise<void>
  /** A `library:changed` event: the figures are read again while the Stats page shows them. */
  statsTablesChanged(tables: readonly string[]): void
}

/** The Stats page's figures from `library:stats`, kept current while the page is open. */
export function createStatsSlice(api: Client): StateCreator<AppState, [], [], StatsSlice> {
  return (set, get) => {
    const settle = batched(SETTLE_MS, () => void get().loadStats())
    const read = async () => {
      if (get().stats === undefined) set({ statsStatus: 'loading' })
      try {
        const [stats, videos, images] = await Promise.all([
          api['library:stats']({}),
          // Links are a convenience: without the facets the charts still show, only unlinked.
          api['media:facets']({ filter: { mediaType: ['video'] } }).catch(() => undefined),
          api['media:facets']({ filter: { mediaType: ['image'] } }).catch(() => undefined),
        ])
        const filters =
          videos && images ? codecFilters(stats.byCodec, { video: videos.codec, image: images.codec }) : {}
        set({ stats, statsStatus: 'ready', statsError: undefined, statsCodecFilters: filters })
      } catch (error) {
        set({ statsStatus: 'failed', statsError: toErrorShape(error) })
      }
    }
    return {
      stats: undefined,
      statsStatus: 'idle',
      statsError: undefined,
      statsCodecFilters: {},
      loadStats: coalesced(read),
      statsTablesChanged(tables) {
        if (get().view === 'stats' && tables.some((table) => STATS_TABLES.has(table))) settle()
      },
    }
  }
}
