import type { StateCreator } from 'zustand'
import { MediaType, type LibraryStats, type MediaFilter } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import type { Client } from '../../api/client'
import { toErrorShape } from '../../ui/error-shape'
import type { AppState } from '../../app/store'
import { batched } from '../../ui/batched'
import { coalesced } from '../../ui/coalesced'
import { codecFilters } from './stats-links'

// Tables whose changes move the figures (assets, their health columns, import outcomes).
const STATS_TABLES = new Set(['videos', 'jobs', 'import_items'])
// An import sends a change per file: its changes within this window cost one read, not one each
// (a read of a large library's figures is ~0.1 s of the backend's time).
const SETTLE_MS = 300

export interface StatsSlice {
  stats: LibraryStats | undefined
  /** `loading` only before the first figures; a refresh keeps showing the last ones. */
  statsStatus: 'idle' | 'loading' | 'ready' | 'failed'
  statsError: ErrorShape | undefined
  /**
   * Library filters showing exactly a codec bucket's assets, by bucket key (see codecFilters),
   * checked against the counts when the page was opened or the codecs last changed.
   */
  statsCodecFilters: Record<string, MediaFilter>
  /** Reads the figures and the codec filters again; overlapping calls collapse into one more read. */
  loadStats(): Promise<void>
  /** A `library:changed` event: the figures are read again while the Stats page shows them. */
  statsTablesChanged(tables: readonly string[]): void
}

/** The Stats page's figures from `library:stats`, kept current while the page is open. */
export function createStatsSlice(api: Client): StateCreator<AppState, [], [], StatsSlice> {
  return (set, get) => {
    // Codec links cost a media:facets call per media type (~0.25 s each on 100,000 assets), so they are worked
    // out when the page opens and when the codecs change, not on every refresh during an import.
    let linksStale = true
    let linkedCodecs = ''
    const link = async (stats: LibraryStats) => {
      const codecs = stats.byCodec.map((bucket) => bucket.key).join('\n')
      if (!linksStale && codecs === linkedCodecs) return
      try {
        const [video, image, audio] = await Promise.all(
          MediaType.options.map((type) => api['media:facets']({ filter: { mediaType: [type] } })),
        )
        const codecsOf = { video: video!.codec, image: image!.codec, audio: audio!.codec }
        set({ statsCodecFilters: codecFilters(stats.byCodec, codecsOf) })
        linksStale = false
        linkedCodecs = codecs
      } catch {
        // Links are a convenience: without them the charts still show, unlinked.
        set({ statsCodecFilters: {} })
      }
    }
    const read = async () => {
      if (get().stats === undefined) set({ statsStatus: 'loading' })
      try {
        const stats = await api['library:stats']({})
        set({ stats, statsStatus: 'ready', statsError: undefined })
        await link(stats)
      } catch (error) {
        set({ statsStatus: 'failed', statsError: toErrorShape(error) })
      }
    }
    const run = coalesced(read)
    const settle = batched(SETTLE_MS, () => void run())
    return {
      stats: undefined,
      statsStatus: 'idle',
      statsError: undefined,
      statsCodecFilters: {},
      loadStats() {
        linksStale = true
        return run()
      },
      statsTablesChanged(tables) {
        if (get().view === 'stats' && tables.some((table) => STATS_TABLES.has(table))) settle()
      },
    }
  }
}
