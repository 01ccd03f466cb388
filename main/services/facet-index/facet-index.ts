import type { MediaFacets, MediaFilter } from '../../../shared/contract'
import type { FacetRowsRepo } from '../../db/repos/facet-rows'
import type { SearchParams } from '../../db/browse-model/search-params'
import { replaceRows, type FacetColumns } from './facet-columns'
import { facetsOf } from './facet-answer'
import { countFacets } from './facet-count'
import { countableByGroups, countByGroups } from './facet-groups'
import { readAllNow, readInTurns, type FacetReader, type ReadColumns } from './facet-read'
import { selectionFor } from './facet-selection'
import { loadSnapshot, saveSnapshot, type DatabaseIdentity } from './facet-snapshot'
import type { TextMarker } from '../../db/repos/media-text-marks'
import { ftsSpan, markMatches, setFtsRows } from './fts-rows'
import { layoutInTurns } from './group-layout'
import { catchUp, settleNow, type ColumnSource, type HeldColumns } from './keep-current'
import { cacheFileExists } from '../../library/cache-files'

// A window of assets whose text rows lie further than this share of the text index from either of its ends
// has all matches marked.
const WINDOW_SPAN_SHARE = 4

/**
 * Where the index comes from besides the library's own connection: a read-only connection of its own for
 * the first read (in turns of the event loop), and a snapshot file kept between runs of the app.
 */
export interface FacetIndexSources {
  openReader(): FacetReader
  snapshot: { file: string; identity(): DatabaseIdentity }
}

/**
 * Facet counts for any filter state from every asset's facet columns held in memory (a million assets:
 * one read of an index, ~50 MB, then one pass of typed arrays per request). Kept current from
 * migration 0140's change log, so writes by this process or any other are seen at the next request.
 * Call `facets` inside a read transaction, so the log and the rows read are one snapshot. `ready()` first
 * gets the columns without holding the event loop: from the snapshot file a previous run left (caught up
 * through the change log), else by a read in turns on a connection of its own.
 */
export function createFacetIndex(repo: FacetRowsRepo, sources?: FacetIndexSources) {
  const held: HeldColumns = { cols: null, readUpTo: 0 }
  let savedUpTo = -1
  let marks = new Uint8Array(0)
  // Of the assets `marked` marks, where the prefix index's entry of each lies, plus 1 (0: not read from it).
  let hitEntries = new Int32Array(0)
  // Whose matches `marks` holds whole: a page and the counts of one search ask for the same, and so do its next pages.
  let marked: { match: string; cols: FacetColumns; writes: string; count: number } | null = null
  let reading: Promise<void> | null = null

  const adopt = (read: ReadColumns) => {
    held.cols = read.cols
    held.readUpTo = read.readUpTo
  }
  // A snapshot the change log can bring up to date: the log still holds every entry after it.
  const usable = (read: ReadColumns | null): read is ReadColumns => {
    if (read === null || read.readUpTo > repo.lastSeq()) return false
    const first = repo.firstSeq()
    return first === null || first <= read.readUpTo + 1
  }
  const readFromSources = async (from: FacetIndexSources) => {
    const snapshot = await loadSnapshot(from.snapshot.file, from.snapshot.identity())
    if (held.cols !== null) return
    if (usable(snapshot)) {
      await layoutInTurns(snapshot.cols)
      if (held.cols !== null) return
      adopt(snapshot)
      savedUpTo = snapshot.readUpTo
      return
    }
    const read = await readInTurns(from.openReader())
    if (held.cols === null) adopt(read)
  }
  // What the index reads as it catches up with the change log (keep-current.ts), on the library's own connection.
  const source: ColumnSource = {
    firstSeq: () => repo.firstSeq(),
    lastSeq: () => repo.lastSeq(),
    changedSince: (seq) => repo.changedSince(seq),
    readAll: () => readAllNow(repo).cols,
    readChanged: (current, chunk) => {
      replaceRows(current, chunk, {
        rows: repo.some(chunk),
        tags: repo.tagsOf(chunk),
        collections: repo.collectionsOf(chunk),
        loras: repo.lorasOf(chunk),
      })
      setFtsRows(current.ftsRows, repo.ftsPairs(chunk))
    },
  }
  const current = (): FacetColumns => settleNow(catchUp(held, source))
  const textMatches = (columns: FacetColumns, each: (visit: (ftsRowid: number) => void) => void): Uint8Array => {
    if (marks.length !== columns.capacity) marks = new Uint8Array(columns.capacity)
    marked = null
    markMatches(columns.ftsRows, marks, each)
    return marks
  }
  // The text index's columns (bit n: column n) holding the match of a marked asset; 0 when not told.
  const hitColumns = (rowid: number): number => {
    const entry = hitEntries[rowid] ?? 0
    return entry > 0 ? repo.ftsHitColumns(entry - 1) : 0
  }
  /**
   * Every match of an FTS5 MATCH expression, marked by videos rowid, how many assets match, and where each one's
   * match is (until the next search's marks).
   */
  const allMatches = (match: string) => {
    const columns = current()
    const writes = repo.writesSeen()
    if (marked?.match !== match || marked.cols !== columns || marked.writes !== writes) {
      if (marks.length !== columns.capacity) marks = new Uint8Array(columns.capacity)
      if (hitEntries.length !== columns.capacity) hitEntries = new Int32Array(columns.capacity)
      const count = markMatches(columns.ftsRows, marks, (visit) => repo.eachFtsRowid(match, visit), hitEntries)
      marked = { match, cols: columns, writes, count }
    }
    return { marks, count: marked.count, hitColumns }
  }
  /**
   * The matches among a window of assets, read from the end of the text index nearer to the window's
   * text rows: as many rows as could lie between that end and the window. Null when that is more than
   * a share of the text index (reading every match costs about as much then).
   */
  const windowMatches = (columns: FacetColumns, match: string, rowids: ArrayLike<number>): Uint8Array | null => {
    const { lo, hi } = ftsSpan(columns.ftsRows, rowids)
    if (lo > hi) return textMatches(columns, () => {})
    const { lowest, highest } = repo.ftsRowidBounds()
    const fromHighest = highest - lo + 1
    const fromLowest = hi - lowest + 1
    const limit = Math.min(fromHighest, fromLowest)
    if (limit > (highest - lowest + 1) / WINDOW_SPAN_SHARE) return null
    return textMatches(columns, (visit) => repo.eachFtsRowidFromEnd(match, fromHighest <= fromLowest, limit, visit))
  }

  /**
   * Resolves once the columns are in memory, read without holding the event loop for more than a slice
   * (a million assets take seconds to read). Without sources, `facets` reads them at once when first asked.
   */
  const ready = (): Promise<void> => {
    if (held.cols !== null || sources === undefined) return Promise.resolve()
    reading ??= readFromSources(sources)
      .catch((error: unknown) => console.error('The facet index could not be read in turns:', error))
      .finally(() => (reading = null))
    return reading
  }

  return {
    ready,
    /**
     * Counts for one filter state by another path while the columns are first read from the library (no
     * snapshot to load): a grouped walk of an index, a fraction of a full read. Null when the columns are
     * in memory or loading from the snapshot (`facets` answers at once, or within a second), or when the
     * state needs every asset's own row (text, tags, a collection, health, near-duplicates): wait for `ready`.
     */
    async whileReading(params: SearchParams, filter: MediaFilter): Promise<MediaFacets | null> {
      if (held.cols !== null || sources === undefined || cacheFileExists(sources.snapshot.file)) return null
      if (!countableByGroups(params, filter)) return null
      // The full read starts after this answer, not beside it: in turns of one event loop, each would halve the other's pace.
      const { cols: groups, counted } = await countByGroups(sources.openReader(), params, filter).finally(
        () => void ready(),
      )
      return facetsOf(groups, counted, repo.tagNames([...counted.tags.keys()]))
    },
    /** Keeps the columns in the snapshot file for the next run, when they hold anything the file does not. */
    async save(): Promise<void> {
      await reading
      const { cols, readUpTo: upTo } = held
      if (cols === null || sources === undefined || upTo === savedUpTo) return
      await saveSnapshot(sources.snapshot.file, { cols, readUpTo: upTo }, sources.snapshot.identity())
      savedUpTo = upTo
    },
    /** Counts and ranges for one filter state (`params` as media-search.ts binds them). */
    facets(params: SearchParams, filter: MediaFilter): MediaFacets {
      const matched = params.query === null ? null : allMatches(params.query).marks
      const columns = current()
      const counted = countFacets(columns, selectionFor(repo.tagIds, columns, params, filter, matched))
      return facetsOf(columns, counted, repo.tagNames([...counted.tags.keys()]))
    },
    /**
     * Marks what an FTS5 MATCH expression finds by videos rowid, for a page walking a sort index
     * (media-search.ts). Null until the index has been read (by a first facets call): a one-off text
     * search (the CLI's `ls`) is not worth reading every asset for.
     */
    textMarker(): TextMarker | null {
      if (held.cols === null) return null
      // Caught up with the change log only when marks are asked for: most pages (no text, or few matches) never do.
      return {
        all: allMatches,
        among: (match, rowids) => windowMatches(current(), match, rowids),
      }
    },
  }
}
export type FacetIndex = ReturnType<typeof createFacetIndex>
