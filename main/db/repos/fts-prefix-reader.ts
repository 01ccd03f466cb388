import type { Database } from 'better-sqlite3'
import { oneWordQuery, textIndexOptions, type TextIndexOptions } from './fts-one-word'

/**
 * The matches of a one-word prefix search read straight from the text index's prefix index (issue 39), the rowids
 * decoded here from the pages FTS5 stores in `videos_fts_data`: FTS5 hands 83,000 matches of a common prefix out
 * one cursor step each (3 ms to count them, 5.7 ms through group_concat at a million assets), where their doclists
 * are ~580 KB of pages that decode in ~2 ms.
 *
 * What it reads (FTS5's index format 4, its comments in fts5_index.c): the structure record (id 10) lists the
 * segments by level, level 0 newest and each level's last segment newest; `videos_fts_idx` names the leaf page a
 * term starts on; a leaf page is a 4-byte header (offset of the first rowid that precedes any term, offset of the
 * footer), terms (prefix-compressed) each followed by a doclist (rowid, then deltas, each with a position list
 * whose size varint is doubled, plus 1 for a deletion), and a footer of term offsets; a doclist that goes on past
 * its page continues on the next pages, the first rowid of each stored whole. A term of a prefix index of n
 * characters is the token's first n characters after the byte '0' + the index's place in `prefix = '…'`.
 *
 * A rowid's newest entry tells: present, or deleted (a deletion marker). Anything it does not read as expected (a
 * contentless-delete structure, another format version, a query of other words or lengths) says so by returning
 * false, and the caller asks FTS5.
 */
export function createFtsPrefixReader(db: Database): FtsPrefixReader | null {
  const options = textIndexOptions(db)
  return options && prefixReader(db, options)
}

function prefixReader(db: Database, { columns, tokenizer, prefixLengths }: TextIndexOptions) {
  const formatStmt = db.prepare<[], number>("SELECT v FROM videos_fts_config WHERE k = 'version'").pluck()
  const structureStmt = db.prepare<[], Buffer>('SELECT block FROM videos_fts_data WHERE id = 10').pluck()
  const startStmt = db
    .prepare<[number, Buffer], number>(
      'SELECT pgno FROM videos_fts_idx WHERE segid = ? AND term <= ? ORDER BY term DESC LIMIT 1',
    )
    .pluck()
  const pagesStmt = db
    .prepare<[number, number], [number, Buffer]>('SELECT id, block FROM videos_fts_data WHERE id >= ? AND id <= ?')
    .raw()
  // Made at the first search, not when the repo is (every connection that opens one would make its tables).
  let fold: ((word: string) => string[]) | undefined
  let formatRead: boolean | undefined
  // Which FTS rowids a newer segment has told of (a deletion marker or an entry): older ones of them are not read.
  const decided = { rowids: new Uint8Array(1 << 16) }
  const joined = new JoinedDoclists()
  const columnsAt = (entry: number): number => {
    const size = varintAt(joined.bytes, entry)
    return columnsOf(joined.bytes, varintEnd, varintEnd + (size >> 1))
  }
  const every = 2 ** columns.length - 1
  return {
    /**
     * Visits each FTS rowid `match` finds, once, with where its entry lies (for `columnsAt`, until the next search),
     * when it is a single quoted word with a prefix star (`"caf"*`, as toMatchExpression writes one word), in every
     * column or in all but some (`- {notes} : ("caf"*)`: each entry's columns are read then), whose one token has a
     * length the prefix indexes keep; false otherwise.
     */
    each(match: string, visit: (ftsRowid: number, entry: number) => void): boolean {
      const asked = oneWordQuery(match, columns)
      // The format is the table's, made with it: read once.
      formatRead ??= formatStmt.get() === FORMAT_VERSION
      if (asked === null || !formatRead) return false
      const visitIn =
        asked.columns === every
          ? visit
          : (rowid: number, entry: number) => {
              if ((columnsAt(entry) & asked.columns) !== 0) visit(rowid, entry)
            }
      fold ??= queryFolder(db, tokenizer)
      const tokens = fold(asked.word)
      const index = tokens.length === 1 ? prefixLengths.indexOf([...tokens[0]!].length) : -1
      if (index < 0) return false
      const levels = readStructure(structureStmt.get()!)
      if (levels === null) return false
      const key = Buffer.from(String.fromCharCode(MAIN_PREFIX + index + 1) + tokens[0]!, 'utf8')
      decided.rowids.fill(0)
      joined.clear()
      for (const segments of levels) {
        for (let at = segments.length - 1; at >= 0; at--) {
          const segment = segments[at]!
          const start = startStmt.get(segment.id, key)
          if (start === undefined) continue
          // Pages by number, those after the first read ahead in runs: a common prefix's doclist spans dozens.
          const read = pageReader((from, to) => {
            const pages: Buffer[] = []
            const first = segmentPageId(segment.id, from)
            for (const [id, block] of pagesStmt.all(first, segmentPageId(segment.id, to))) pages[id - first] = block
            return pages
          })
          const doclist = doclistOf(read, segment, Math.max(start >> 1, segment.first), key, joined)
          if (doclist === null) continue
          visitUndecided(doclist, decided, visitIn)
        }
      }
      return true
    },
    /**
     * The columns (bit n: column n) holding the match of an entry the last search visited: its positions are read
     * only when asked (for a page's rows), as reading every entry's doubled the search's time.
     */
    columnsAt,
  }
}
export type FtsPrefixReader = ReturnType<typeof prefixReader>

const FORMAT_VERSION = 4
// The first byte after the cookie of a V2 structure record (contentless_delete tables), never of a format 4 one.
const STRUCTURE_V2_FIRST_BYTE = 0xff
const MAIN_PREFIX = '0'.charCodeAt(0)

interface Segment {
  id: number
  first: number
  last: number
}

/** A segment's leaf page's id in `%_data`: the segment id above 37 bits of dlidx flag, height and page number. */
const segmentPageId = (segment: number, page: number) => segment * 2 ** 37 + page

/** SQLite's varint (big-endian groups of 7 bits, the ninth byte whole) at `at.offset`, which moves past it. */
function varint(bytes: Uint8Array, at: { offset: number }): number {
  let value = 0
  for (let i = 0; i < 8; i++) {
    const byte = bytes[at.offset++]!
    value = value * 128 + (byte & 0x7f)
    if (byte < 0x80) return value
  }
  return value * 256 + bytes[at.offset++]!
}

/** The segments by level (each level oldest first), or null for a structure record it does not read (V2). */
function readStructure(record: Buffer): Segment[][] | null {
  if (record[4] === STRUCTURE_V2_FIRST_BYTE) return null
  const at = { offset: 4 }
  const levelCount = varint(record, at)
  varint(record, at) // segments in all
  varint(record, at) // write counter
  const levels: Segment[][] = []
  for (let level = 0; level < levelCount; level++) {
    varint(record, at) // input segments of a merge under way
    const count = varint(record, at)
    const segments: Segment[] = []
    for (let i = 0; i < count; i++)
      segments.push({ id: varint(record, at), first: varint(record, at), last: varint(record, at) })
    levels.push(segments)
  }
  return levels
}

/**
 * Reads pages one after the other through `range` (the pages from, to, each at its number less `from`): the first
 * alone, then runs that double up to READ_AHEAD_MOST pages.
 */
function pageReader(range: (from: number, to: number) => Buffer[]): (page: number) => Buffer | undefined {
  let held: Buffer[] = []
  let heldFrom = 0
  let run = 1
  return (page) => {
    if (page < heldFrom || page >= heldFrom + held.length) {
      held = range(page, page + run - 1)
      heldFrom = page
      run = Math.min(run * 2, READ_AHEAD_MOST)
    }
    return held[page - heldFrom]
  }
}

const READ_AHEAD_MOST = 64

/** The offsets of the terms on a leaf page, from its footer. */
function termOffsets(page: Buffer, footer: number): number[] {
  const offsets: number[] = []
  const at = { offset: footer }
  let offset = 0
  while (at.offset < page.length) {
    offset += varint(page, at)
    offsets.push(offset)
  }
  return offsets
}

/**
 * A term's doclist bytes in one segment, the pages it spans joined, where in them a whole rowid stands, and where
 * they start among the search's doclists.
 */
interface Doclist {
  bytes: Buffer
  wholeRowids: number[]
  base: number
}

/** The doclist of `key` in the segment, from the page its term is on (null: not in this segment). */
function doclistOf(
  read: (page: number) => Buffer | undefined,
  segment: Segment,
  firstPage: number,
  key: Buffer,
  joined: JoinedDoclists,
): Doclist | null {
  const page = read(firstPage)
  if (!page) return null
  const footer = page.readUInt16BE(2)
  const offsets = termOffsets(page, footer)
  let termLength = 0
  let start = -1
  let end = footer
  for (let i = 0; i < offsets.length; i++) {
    const at = { offset: offsets[i]! }
    const kept = i === 0 ? 0 : varint(page, at)
    const added = varint(page, at)
    // Each term is the previous one's first `kept` bytes and `added` more, built in place.
    if (kept + added > term.length) term = grown(term, kept + added)
    page.copy(term, kept, at.offset, at.offset + added)
    termLength = kept + added
    const order = compareBytes(term, termLength, key)
    if (order > 0) return null
    if (order === 0) {
      start = at.offset + added
      end = i + 1 < offsets.length ? offsets[i + 1]! : footer
      break
    }
  }
  if (start < 0) return null
  const from = joined.used
  joined.add(page, start, end)
  const wholeRowids = [0]
  // A doclist that fills its page to the footer goes on with the next page's bytes, up to that page's first term.
  let goesOn = end === footer
  for (let number = firstPage + 1; goesOn && number <= segment.last; number++) {
    const next = read(number)
    if (!next) break
    const firstRowid = next.readUInt16BE(0)
    const nextFooter = next.readUInt16BE(2)
    const nextTerms = nextFooter < next.length ? termOffsets(next, nextFooter) : []
    const stop = nextTerms.length > 0 ? nextTerms[0]! : nextFooter
    if (firstRowid > 0) wholeRowids.push(joined.used - from + firstRowid - PAGE_HEADER)
    joined.add(next, PAGE_HEADER, stop)
    goesOn = nextTerms.length === 0
  }
  return { bytes: joined.bytes.subarray(from, joined.used), wholeRowids, base: from }
}

const PAGE_HEADER = 4

// The term being read on a leaf page, kept from term to term (a Buffer per term was most of a search's garbage).
let term: Uint8Array = new Uint8Array(256)

/** The order of the first `length` bytes of `bytes` against `key`, as Buffer.compare gives it. */
function compareBytes(bytes: Uint8Array, length: number, key: Uint8Array): number {
  const common = Math.min(length, key.length)
  for (let i = 0; i < common; i++) if (bytes[i] !== key[i]) return bytes[i]! < key[i]! ? -1 : 1
  return length === key.length ? 0 : length < key.length ? -1 : 1
}

/**
 * A search's doclists joined one after the other in a buffer a reader keeps from search to search (a fresh half
 * megabyte per keystroke kept the collector busy); `used` bytes of it hold the current search's.
 */
class JoinedDoclists {
  bytes = Buffer.alloc(1 << 20)
  used = 0
  clear(): void {
    this.used = 0
  }
  add(page: Buffer, from: number, to: number): void {
    const needed = this.used + to - from
    if (needed > this.bytes.length) {
      const bigger = Buffer.alloc(Math.max(needed, this.bytes.length * 2))
      this.bytes.copy(bigger, 0, 0, this.used)
      this.bytes = bigger
    }
    page.copy(this.bytes, this.used, from, to)
    this.used = needed
  }
}

/**
 * Visits the rowid of each entry of a doclist that is there (not a deletion marker) and that no newer segment
 * decided (marked in `decided.rowids`, which grows to hold them; each entry read is marked there), with where the
 * entry's position list (its size first) lies among the search's doclists. Offsets and one-byte varints (most
 * deltas and position list sizes of a common prefix) are read inline, and the next whole rowid's offset is kept
 * at hand: through varint(), an offset object and a callback per entry, a common prefix's 86,000 entries took
 * 1.4 ms; through varintAt() and a test of the whole rowids' list per entry, a search marked in ~0.15 ms more.
 */
function visitUndecided(
  { bytes, wholeRowids, base }: Doclist,
  decided: { rowids: Uint8Array },
  visit: (rowid: number, entry: number) => void,
): void {
  const end = bytes.length
  let seen = decided.rowids
  let offset = 0
  let whole = 0
  let rowid = 0
  let nextWhole = wholeRowids.length > 0 ? wholeRowids[0]! : end
  while (offset < end) {
    while (nextWhole < offset) nextWhole = ++whole < wholeRowids.length ? wholeRowids[whole]! : end
    const isWhole = nextWhole === offset
    let value = bytes[offset]!
    if (value < 0x80) offset++
    else {
      value = varintAt(bytes, offset)
      offset = varintEnd
    }
    rowid = isWhole ? value : rowid + value
    const entry = base + offset
    let size = bytes[offset]!
    if (size < 0x80) offset++
    else {
      size = varintAt(bytes, offset)
      offset = varintEnd
    }
    offset += size >> 1
    if (rowid >= seen.length) seen = decided.rowids = grown(seen, rowid)
    if (seen[rowid] === 1) continue
    seen[rowid] = 1
    if (size !== 1) visit(rowid, entry)
  }
}

/**
 * The columns (bit n: column n) of a position list: positions (each 2 more than its step from the last) in column
 * 0 first, then a 1 and a column's number before the positions in that column. Positions are skipped byte by byte
 * (a varint's last byte is below 0x80).
 */
function columnsOf(bytes: Uint8Array, from: number, to: number): number {
  if (from >= to) return 0
  // Positions before any column's number are column 0's.
  let columns = bytes[from] === COLUMN_MARKER ? 0 : 1
  let offset = from
  while (offset < to) {
    if (bytes[offset] === COLUMN_MARKER) {
      columns |= 1 << varintAt(bytes, offset + 1)
      offset = varintEnd
    } else {
      while (offset < to && bytes[offset]! >= 0x80) offset++
      offset++
    }
  }
  return columns
}

const COLUMN_MARKER = 0x01

// Where the varint varintAt read last ends.
let varintEnd = 0

/** The varint at `offset`, its end left in `varintEnd`: a one-byte one read inline, without an offset object. */
function varintAt(bytes: Uint8Array, offset: number): number {
  const byte = bytes[offset]!
  if (byte < 0x80) {
    varintEnd = offset + 1
    return byte
  }
  const at = { offset }
  const value = varint(bytes, at)
  varintEnd = at.offset
  return value
}

/** `values` grown to hold index `rowid` (by half again at least), what it held kept. */
function grown(values: Uint8Array, rowid: number): Uint8Array {
  const bigger = new Uint8Array(Math.max(rowid + 1, Math.ceil(values.length * 1.5)))
  bigger.set(values)
  return bigger
}

/**
 * The tokens FTS5 makes of a word with the index's own tokenizer (case and, with remove_diacritics, accents
 * folded as the index folded them), read from a temporary FTS5 table's vocabulary; kept per word.
 */
function queryFolder(db: Database, tokenizer: string): (word: string) => string[] {
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.fv_query_fold USING fts5 (word, tokenize = "${tokenizer}")`)
  db.exec(
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.fv_query_fold_terms USING fts5vocab(temp, fv_query_fold, 'instance')",
  )
  const clear = db.prepare('DELETE FROM temp.fv_query_fold')
  const insert = db.prepare<[string]>('INSERT INTO temp.fv_query_fold (word) VALUES (?)')
  const terms = db.prepare<[], string>('SELECT term FROM temp.fv_query_fold_terms ORDER BY offset').pluck()
  const folded = new Map<string, string[]>()
  return (word) => {
    let tokens = folded.get(word)
    if (tokens === undefined) {
      clear.run()
      insert.run(word)
      tokens = terms.all()
      if (folded.size >= FOLDED_KEPT) folded.clear()
      folded.set(word, tokens)
    }
    return tokens
  }
}

const FOLDED_KEPT = 512
