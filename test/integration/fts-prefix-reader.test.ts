import Database from 'better-sqlite3'
import { describe, expect, it, onTestFinished } from 'vitest'
import { openLibrary } from '../../main/app/open-library'
import { createFacetRowsRepo } from '../../main/db/repos/facet-rows'
import { createFtsPrefixReader } from '../../main/db/repos/fts-prefix-reader'
import { sqliteEngine } from '../../main/db/sql/sqlite-engine'
import { tempDir } from '../helpers/temp-dir'

// Issue 39: a one-word prefix's matches read from the text index's pages give what FTS5's MATCH gives, through
// segments written one transaction at a time, deletions, updates, doclists over many pages, merges and folding.

const WORDS = ['café', 'cafeteria', 'Zürich', 'zurna', 'sunset', 'sundae', 'interview', 'internal', 'naïve', 'naive']
const MORE = ['glacier', 'harbour', 'drone', 'kraków', 'malaga', 'wedding', 'festival', '日本語', 'ΑΘΗΝΑ', 'x1']
const PREFIXES = ['ca', 'caf', 'cafe', 'café', 'CAFÉ', 'zür', 'zur', 'Zü', 'sun', 'sund', 'inter', 'inte', 'nai', 'naï']
const OTHERS = ['gla', 'harb', 'dro', 'krak', 'kra', 'mal', 'wed', 'fest', '日本', 'αθη', 'x1', 'qq', 'zzzz']

/** A random text of a few of the words, seeded: the same rows each run. */
function texts(count: number, seed: number): string[] {
  let state = seed
  const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * (WORDS.length + MORE.length)
  const all = [...WORDS, ...MORE]
  return Array.from({ length: count }, () => Array.from({ length: 3 }, () => all[Math.floor(next())]).join(' '))
}

/** A library's database with its text index made by the migrations, filled by the test through `videos_fts`. */
async function textIndex() {
  const dir = tempDir()
  await openLibrary(dir).close()
  const db = new Database(`${dir}/library.db`)
  onTestFinished(() => {
    db.close()
  })
  const insert = db.prepare('INSERT INTO videos_fts (rowid, name, original_path, notes) VALUES (?, ?, ?, ?)')
  return { db, insert }
}

function matches(db: Database.Database, match: string): number[] {
  return db
    .prepare<[string], number>('SELECT rowid FROM videos_fts WHERE videos_fts MATCH ? ORDER BY rowid')
    .pluck()
    .all(match)
}

function read(reader: NonNullable<ReturnType<typeof createFtsPrefixReader>>, match: string): number[] | null {
  const found: number[] = []
  return reader.each(match, (rowid) => found.push(rowid)) ? found.sort((a, b) => a - b) : null
}

const COLUMNS = ['name', 'original_path', 'tags', 'notes', 'prompt', 'screen_text', 'subtitles', 'comments']

/** Each match's columns (bit n: column n) as MATCH finds them column by column. */
function columnMatches(db: Database.Database, match: string): Map<number, number> {
  const columns = new Map<number, number>()
  COLUMNS.forEach((column, n) => {
    for (const rowid of matches(db, `${column} : ${match}`)) columns.set(rowid, (columns.get(rowid) ?? 0) | (1 << n))
  })
  return columns
}

/** Each match's columns as the reader tells them, asked after the search. */
function readColumns(reader: NonNullable<ReturnType<typeof createFtsPrefixReader>>, match: string) {
  const entries = new Map<number, number>()
  reader.each(match, (rowid, entry) => entries.set(rowid, entry))
  return new Map([...entries].map(([rowid, entry]) => [rowid, reader.columnsAt(entry)]))
}

describe('the text index read from its pages (one-word prefixes)', () => {
  it('finds what MATCH finds through many segments, deletions, updates and long doclists', async () => {
    const { db, insert } = await textIndex()
    // Sixty transactions of 200 rows: as many segments written (and merged as FTS5 merges them).
    const names = texts(12_000, 7)
    const paths = texts(12_000, 11)
    for (let batch = 0; batch < 60; batch++) {
      db.transaction(() => {
        for (let rowid = batch * 200 + 1; rowid <= (batch + 1) * 200; rowid++)
          insert.run(rowid, names[rowid - 1], `/media/${paths[rowid - 1]}.mp4`, rowid % 7 === 0 ? 'naïve notes' : '')
      })()
    }
    // Deleted rows leave deletion markers in newer segments; updated ones a marker and a new entry.
    db.transaction(() => {
      for (let rowid = 3; rowid <= 12_000; rowid += 37) db.prepare('DELETE FROM videos_fts WHERE rowid = ?').run(rowid)
    })()
    const renamed = texts(400, 3)
    db.transaction(() => {
      for (let i = 0; i < 400; i++)
        db.prepare('UPDATE videos_fts SET name = ? WHERE rowid = ?').run(renamed[i], 5 + i * 29)
    })()
    const reader = createFtsPrefixReader(db)!
    const segments = () =>
      (db.prepare('SELECT count(DISTINCT segid) AS n FROM videos_fts_idx').get() as { n: number }).n
    expect(segments()).toBeGreaterThan(1)
    for (const prefix of [...PREFIXES, ...OTHERS]) {
      const match = `"${prefix}"*`
      expect({ prefix, rows: read(reader, match) }).toEqual({ prefix, rows: matches(db, match) })
      // And the columns holding each match, as a search's reasons ask for a page's rows.
      expect({ prefix, columns: readColumns(reader, match) }).toEqual({ prefix, columns: columnMatches(db, match) })
      // And for who may not read notes: every column but them.
      const withoutNotes = `- {notes} : (${match})`
      expect({ prefix, rows: read(reader, withoutNotes) }).toEqual({ prefix, rows: matches(db, withoutNotes) })
    }
    // Rows whose only "naï" is in their notes are left out.
    expect(matches(db, '"naï"*').length).toBeGreaterThan(matches(db, '- {notes} : ("naï"*)').length)
    // A common prefix's doclist spans pages (FTS5 pages are 4,050 bytes by default).
    expect(matches(db, '"ca"*').length).toBeGreaterThan(5_000)

    // Merged into one segment, the same.
    db.exec("INSERT INTO videos_fts (videos_fts) VALUES ('optimize')")
    expect(segments()).toBe(1)
    for (const prefix of PREFIXES) expect(read(reader, `"${prefix}"*`)).toEqual(matches(db, `"${prefix}"*`))
  })

  it('leaves to FTS5 what the prefix indexes do not hold: one character, six or more, two words', async () => {
    const { db, insert } = await textIndex()
    insert.run(1, 'interview cafe', '/a.mp4', '')
    const reader = createFtsPrefixReader(db)!
    expect(read(reader, '"i"*')).toBeNull()
    expect(read(reader, '"interv"*')).toBeNull()
    expect(read(reader, '"inter"* "caf"*')).toBeNull()
    expect(read(reader, '"inter cafe"*')).toBeNull()
    expect(read(reader, '"inter"')).toBeNull()
    expect(read(reader, '- {notes} : ("inter"* "caf"*)')).toBeNull()
    expect(read(reader, '- {nowhere} : ("inter"*)')).toBeNull()
    expect(read(reader, '"inter"*')).toEqual([1])
    expect(read(reader, '- {notes} : ("inter"*)')).toEqual([1])
    expect(read(reader, '- {name} : ("inter"*)')).toEqual([])
  })

  it('asks FTS5 while a writing transaction of the connection holds text index writes in memory', async () => {
    const { db, insert } = await textIndex()
    insert.run(1, 'sunset', '/a.mp4', '')
    const repo = createFacetRowsRepo(db)
    const found = () => {
      const rowids: number[] = []
      repo.eachFtsRowid('"sun"*', (rowid) => rowids.push(rowid))
      return rowids.sort((a, b) => a - b)
    }
    expect(found()).toEqual([1])
    await sqliteEngine(db).transaction(async (tx) => {
      await tx.run("INSERT INTO videos_fts (rowid, name, original_path, notes) VALUES (2, 'sundae', '/b.mp4', '')")
      await Promise.resolve()
      // A read between two awaits of the transaction sees its rows, the pending text index writes with them.
      expect(found()).toEqual([1, 2])
    })
    expect(found()).toEqual([1, 2])
  })
})
