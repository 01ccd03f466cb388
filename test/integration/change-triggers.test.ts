import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import type { LibraryChanged } from '../../shared/contract'
import { createChangeFeed } from '../../main/db/change-feed'
import { migrations } from '../../main/db/migrations/index'
import { openDatabase } from '../../main/db/open-database'
import { topicsOfWrite } from '../../main/db/schema/change-triggers'
import { WRITE_EVENTS, type Table } from '../../main/db/schema/declare'
import { CATALOGUE } from '../../main/db/schema/index'
import type { SqlDialect, SqlEngine, SqlValue } from '../../main/db/sql/sql-engine'
import { sqliteEngine } from '../../main/db/sql/sqlite-engine'
import { createEventBus } from '../../main/library/event-bus'
import { seededLibrary } from '../helpers/assets'
import { ALLOWED, declaredRows } from '../helpers/declared-rows'
import { testLibrary } from '../helpers/library'
import { ENGINES, freshEngine } from '../helpers/sql-engines'
import { tempDir } from '../helpers/temp-dir'

type Seeded = Awaited<ReturnType<typeof seededLibrary>>

/** The changes a library sent, flushed now. */
function changesOf(events: Seeded['events'], lib: Seeded['lib']) {
  lib.changes.flush()
  return events.flatMap((event): LibraryChanged[] => (event.name === 'library:changed' ? [event.payload] : []))
}

/**
 * A fresh catalogue on `dialect` and what its change log got since last asked, each change's topics sorted: a
 * library's change feed (flushed), a hub's change_log rows.
 */
async function logged(dialect: SqlDialect): Promise<{ sql: SqlEngine; changes: () => Promise<string[][]> }> {
  if (dialect === 'postgres') {
    const sql = await freshEngine(dialect)
    let seen = 0
    const changes = async () => {
      const rows = await sql.all<{ seq: number; tables: string }>(
        'SELECT seq, tables FROM change_log WHERE seq > ? ORDER BY seq',
        [seen],
      )
      seen = rows.at(-1)?.seq ?? seen
      return rows.map((row) => (JSON.parse(row.tables) as string[]).sort())
    }
    return { sql, changes }
  }
  const { db } = openDatabase(path.join(tempDir(), 'library.db'), migrations)
  const bus = createEventBus()
  const feed = createChangeFeed(db, bus)
  onTestFinished(() => {
    feed.close()
    db.close()
  })
  const reported: string[][] = []
  bus.subscribe((event) => {
    if (event.name === 'library:changed') reported.push([...event.payload.tables].sort())
  })
  const changes = async () => {
    feed.flush()
    return reported.splice(0)
  }
  return { sql: sqliteEngine(db), changes }
}

const keyOf = (table: Table, dialect: SqlDialect) => table.primaryKeyDiffers?.[dialect]?.columns ?? table.primaryKey

/** A WHERE clause naming one row by its key, and its values. */
const whereKey = (table: Table, dialect: SqlDialect, row: Record<string, SqlValue>): [string, SqlValue[]] => {
  const key = keyOf(table, dialect)
  return [key.map((column) => `"${column}" = ?`).join(' AND '), key.map((column) => row[column]!)]
}

/** A column an UPDATE of which is a change: not quiet, held by `dialect`, not generated; a key column last. */
const loudColumn = (table: Table, dialect: SqlDialect): string => {
  const quiet = new Set(table.quiet?.columns ?? [])
  const key = keyOf(table, dialect)
  const columns = Object.entries(table.columns)
    .filter(([name, column]) => column.in(dialect) && !quiet.has(name) && !column.details.generated)
    .map(([name]) => name)
  return columns.find((name) => !key.includes(name)) ?? columns[0]!
}

describe.each(ENGINES)('the change triggers on %s', (dialect) => {
  const followed = CATALOGUE.filter(
    (table) =>
      (table.only === undefined || table.only.engine === dialect) &&
      !table.fedBy &&
      WRITE_EVENTS.some((event) => topicsOfWrite(table, event, dialect, CATALOGUE).length > 0),
  )

  it("log every followed table's insert, update and delete with the declared topics", async () => {
    const { sql, changes } = await logged(dialect)
    const rows = await declaredRows(sql)
    const missing: string[] = []
    for (const table of followed) {
      const row = await rows.insert(table)
      await changes()
      const column = loudColumn(table, dialect)
      const keyed = (statement: string) =>
        sql.run(`${statement} WHERE ${whereKey(table, dialect, row)[0]}`, whereKey(table, dialect, row)[1])
      const writes: Record<string, () => Promise<unknown>> = {
        insert: async () => {
          await keyed(`DELETE FROM ${table.name}`)
          await changes()
          return rows.insert(table)
        },
        update: () => keyed(`UPDATE ${table.name} SET "${column}" = "${column}"`),
        delete: () => keyed(`DELETE FROM ${table.name}`),
      }
      for (const event of WRITE_EVENTS) {
        const topics = topicsOfWrite(table, event, dialect, CATALOGUE)
        if (topics.length === 0) continue
        const written = await writes[event]!()
        if (event === 'insert') Object.assign(row, written)
        const topicsLogged = (await changes()).flat()
        for (const topic of topics) if (!topicsLogged.includes(topic)) missing.push(`${event} ${table.name}: ${topic}`)
      }
    }
    expect(followed.length).toBeGreaterThan(25)
    expect(missing).toEqual([])
  }, 60_000)

  it('log no write the declaration calls quiet', async () => {
    const { sql, changes } = await logged(dialect)
    const rows = await declaredRows(sql)
    const noisy: string[] = []
    for (const table of followed.filter((t) => t.quiet?.columns)) {
      const row = await rows.insert(table)
      await changes()
      const [where, key] = whereKey(table, dialect, row)
      for (const column of table.quiet!.columns!.filter((name) => table.columns[name]!.in(dialect))) {
        // NULL, or a value its CHECK allows where it must hold one.
        const value = ALLOWED[table.name]?.[column] ?? null
        await sql.run(`UPDATE ${table.name} SET "${column}" = ? WHERE ${where}`, [value, ...key])
        const heard = await changes()
        if (heard.length > 0) noisy.push(`${table.name}.${column}: ${heard.join(' ')}`)
      }
    }
    // A row the library_meta declaration calls quiet (the near-duplicate stale note), written and gone.
    await sql.run("INSERT INTO library_meta (key, value) VALUES ('near_duplicates_stale', '1')")
    await sql.run("DELETE FROM library_meta WHERE key = 'near_duplicates_stale'")
    if ((await changes()).length > 0) noisy.push('library_meta near_duplicates_stale')
    expect(noisy).toEqual([])
  })
})

describe('a library sends library:changed', () => {
  it('names what a write changed: its table, the search text it feeds, the rows its delete cascades to', async () => {
    const { lib, ids, events } = await seededLibrary(3)
    await sqliteEngine(lib.sqlite.db).run("INSERT INTO tags (name) VALUES ('sea')")
    await sqliteEngine(lib.sqlite.db).run('INSERT INTO asset_tags (asset_id, tag_id) SELECT ?, id FROM tags', [ids[1]!])
    lib.changes.flush()
    events.splice(0)
    await sqliteEngine(lib.sqlite.db).run('UPDATE videos SET rating = 5 WHERE id = ?', [ids[0]!])
    lib.changes.flush()
    lib.sqlite.db.prepare("INSERT INTO tags (name) VALUES ('sky')").run()
    lib.changes.flush()
    await sqliteEngine(lib.sqlite.db).run('DELETE FROM videos WHERE id = ?', [ids[1]!])
    expect(changesOf(events, lib)).toEqual([
      { tables: ['videos', 'videos_fts'], topics: ['assets', 'search-text'], seq: 3 },
      { tables: ['tags'], topics: ['tags'], seq: 4 },
      { tables: ['videos', 'videos_fts', 'asset_tags'], topics: ['assets', 'search-text', 'tags'], seq: 5 },
    ])
  })

  it('stays silent for reads, writes that changed no row and bookkeeping the declaration calls quiet', async () => {
    const { lib, ids, events } = await seededLibrary(2)
    await sqliteEngine(lib.sqlite.db).all('SELECT * FROM videos')
    await sqliteEngine(lib.sqlite.db).run("UPDATE videos SET rating = 1 WHERE id = 'GONE'")
    await sqliteEngine(lib.sqlite.db).run('UPDATE videos SET thumbs_bytes = 1 WHERE id = ?', [ids[0]!])
    await sqliteEngine(lib.sqlite.db).run("INSERT INTO change_log (tables, at) VALUES ('[]', 'now')")
    expect(changesOf(events, lib).filter((change) => change.tables.length > 0)).toEqual([])
  })

  it('coalesces the writes of one turn, and holds those of a batch until it ends', async () => {
    const { lib, ids, events } = await seededLibrary(2)
    await sqliteEngine(lib.sqlite.db).run('UPDATE videos SET rating = 2 WHERE id = ?', [ids[0]!])
    await sqliteEngine(lib.sqlite.db).run("INSERT INTO tags (name) VALUES ('sky')")
    await expect.poll(() => events.length).toBe(1)
    expect(events[0]).toEqual({
      name: 'library:changed',
      payload: { tables: ['videos', 'videos_fts', 'tags'], topics: ['assets', 'search-text', 'tags'], seq: 2 },
    })
    const inBatch = lib.changes.batch(async () => {
      await sqliteEngine(lib.sqlite.db).run('UPDATE videos SET rating = 3 WHERE id = ?', [ids[0]!])
      await new Promise((resolve) => setTimeout(resolve, 50))
      lib.changes.flush()
      // The batch's writes did not go out yet: it still runs.
      expect(changesOf(events, lib).filter((change) => change.tables.includes('tags'))).toHaveLength(1)
      await sqliteEngine(lib.sqlite.db).run("INSERT INTO tags (name) VALUES ('sun')")
    })
    // A write outside the batch meanwhile goes out on its own.
    await sqliteEngine(lib.sqlite.db).run("INSERT INTO collections (name, created_at) VALUES ('Trips', 'now')")
    await inBatch
    lib.changes.flush()
    expect(changesOf(events, lib)).toEqual([
      { tables: ['videos', 'videos_fts', 'tags'], topics: ['assets', 'search-text', 'tags'], seq: 2 },
      { tables: ['collections'], topics: ['collections'], seq: 3 },
      { tables: ['videos', 'videos_fts', 'tags'], topics: ['assets', 'search-text', 'tags'], seq: 4 },
    ])
  })

  it('logs a write made on the connection itself, past the engine, at the next flush', async () => {
    const { lib, ids, events } = await seededLibrary(1)
    lib.sqlite.db.prepare('UPDATE videos SET rating = 4 WHERE id = ?').run(ids[0])
    expect(changesOf(events, lib)).toEqual([
      { tables: ['videos', 'videos_fts'], topics: ['assets', 'search-text'], seq: 2 },
    ])
  })

  it('sends what another program wrote into the file (the original media manager’s Python)', async () => {
    const dir = tempDir()
    const lib = testLibrary(dir, { changeTiming: { pollMs: 20 } })
    const heard: LibraryChanged[] = []
    lib.events.subscribe((event) => {
      if (event.name === 'library:changed') heard.push(event.payload)
    })
    const write =
      'import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\nc.execute("INSERT INTO tags (name) VALUES (\'sea\')")\nc.commit()'
    execFileSync('python3', ['-c', write, path.join(dir, 'library.db')])
    await expect.poll(() => heard.flatMap((change) => change.tables), { timeout: 5_000 }).toContain('tags')
  })
})
