import type { Database } from 'better-sqlite3'

/**
 * Marks what a MATCH expression finds, 1 per videos rowid, from memory (the facet index keeps the map
 * from full-text rowids to assets; see main/services/facet-index/fts-rows.ts). The marks are good until
 * the next call.
 */
export interface TextMarker {
  /**
   * Every match, how many assets match, and for a marked asset the text index's columns holding the match (bit
   * n: column n of videos_fts, SEARCH_FIELDS' order; 0 when not told), good until the next call.
   */
  all(match: string): { marks: Uint8Array; count: number; hitColumns: (rowid: number) => number }
  /**
   * The matches among these assets (videos rowids), and maybe others; null when their full-text rows
   * spread so wide that reading them would cost what `all` does.
   */
  among(match: string, rowids: Int32Array): Uint8Array | null
}

/** The SQL function a page statement calls to test a walked row against the marks (media-page-sql.ts). */
export const TEXT_MARKED_FUNCTION = 'fv_text_marked'

/**
 * The marks of the page being read. One for the whole thread: a page sets them, runs its statement and
 * clears them, and better-sqlite3 runs statements one at a time. Per connection or per repo they would
 * break when a second repo registers the function again on the same connection through another handle
 * (as the bench's tracing one does): the function under the first repo's statements would be replaced.
 */
let pageMarks: Uint8Array | null = null
const registered = new WeakSet<Database>()

/** Registers the marks' SQL function on this connection (once per handle; again is harmless). */
export function registerTextMarks(db: Database): void {
  if (registered.has(db)) return
  db.function(TEXT_MARKED_FUNCTION, { directOnly: true }, (rowid) => pageMarks?.[rowid as number] ?? 0)
  registered.add(db)
}

/** Runs `read` with `marks` as the page's marks. */
export function withTextMarks<T>(marks: Uint8Array | null, read: () => T): T {
  pageMarks = marks
  try {
    return read()
  } finally {
    pageMarks = null
  }
}
