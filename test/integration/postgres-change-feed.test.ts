import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterEach, describe, expect, inject, it } from 'vitest'
import type { EventMessage, LibraryChanged } from '../../shared/contract'
import { createCatalog } from '../../main/db/catalog'
import { connectPostgres } from '../../main/db/postgres/connect-postgres'
import { LISTENER_NAME, postgresChangeFeed, type PostgresChangeFeed } from '../../main/db/postgres/postgres-change-feed'
import { createEventBus } from '../../main/library/event-bus'
import { insertAssets } from '../helpers/sql-engines'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A migrated hub catalogue in a schema of its own, and its URL. */
async function hubCatalogue() {
  const schema = `feed_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: inject('postgresUrl') })
  await admin.connect()
  await admin.query(`CREATE SCHEMA ${schema}`)
  const url = `${inject('postgresUrl')}?options=${encodeURIComponent(`-c search_path=${schema}`)}`
  const { sql, close } = await connectPostgres(url, { max: 4, onError: () => {} })
  cleanups.push(async () => {
    await close()
    await admin.query(`DROP SCHEMA ${schema} CASCADE`)
    await admin.end()
  })
  return { url, sql, admin }
}

/** A hub process's feed on the catalogue, with every library:changed it sent. */
async function process(url: string, sql: Awaited<ReturnType<typeof hubCatalogue>>['sql'], retryMs = 50) {
  const bus = createEventBus()
  const seen: LibraryChanged[] = []
  bus.subscribe((event: EventMessage) => {
    if (event.name === 'library:changed') seen.push(event.payload as LibraryChanged)
  })
  const errors: Error[] = []
  const feed: PostgresChangeFeed = await postgresChangeFeed(url, sql, bus, {
    timing: { retryMs },
    onError: (error) => errors.push(error),
  })
  cleanups.push(() => feed.close())
  return { feed, seen, errors }
}

/** `sql` with the feed's own reads of the log counted (as `reads.count`), for a feed given it. */
function logReadsOn(sql: Awaited<ReturnType<typeof hubCatalogue>>['sql']) {
  const reads = { count: 0 }
  const counted = {
    ...sql,
    all: (statement: string, params?: never) => {
      if (/FROM change_log WHERE seq >/.test(statement)) reads.count++
      return sql.all(statement, params)
    },
  } as typeof sql
  return { counted, reads }
}

const until = async (holds: () => boolean, ms = 3_000) => {
  const end = Date.now() + ms
  while (!holds()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

// Issue 34 point 5: changes by one person reach everyone's open window, with a sequence to catch up from.
describe('the hub change feed', () => {
  it('logs each committed transaction once with the topics it touched, and every process hears it', async () => {
    const { url, sql } = await hubCatalogue()
    const one = await process(url, sql)
    const other = await process(url, sql)
    const start = await one.feed.cursor()
    const catalog = createCatalog(sql)

    await insertAssets(sql, ['a1'])
    await catalog.transaction(async ({ organise }) => {
      const tag = await organise.ensureTag('Beach')
      await organise.link(tag.id, ['a1'])
    })
    // Rolled back: nothing logged.
    await expect(
      catalog.transaction(async ({ organise }) => {
        await organise.ensureTag('Never')
        throw new Error('changed my mind')
      }),
    ).rejects.toThrow('changed my mind')
    // A write that changes no row is no change, and neither is bookkeeping no client shows.
    await sql.run('UPDATE videos SET rating = 3 WHERE id = ?', ['nobody'])
    await catalog.repos.media.setThumbsBytes('a1', 1_234)

    await until(() => one.seen.length === 2 && other.seen.length === 2)
    for (const { seen } of [one, other]) {
      expect(seen.map((change) => change.seq)).toEqual([start + 1, start + 2])
      expect(new Set(seen[0]!.tables)).toEqual(new Set(['videos', 'videos_fts']))
      expect(new Set(seen[1]!.tables)).toEqual(new Set(['tags', 'asset_tags', 'videos_fts']))
    }
    expect(await one.feed.since(start)).toEqual({ changes: one.seen, missed: false })
    expect(await one.feed.since(start + 1)).toEqual({ changes: [one.seen[1]], missed: false })
    expect(await one.feed.since(start + 5)).toEqual({ changes: [], missed: true })
    expect(one.errors).toEqual([])
  })

  it('hands out sequences in commit order, so a reader past n never finds a smaller one later', async () => {
    const { url, sql } = await hubCatalogue()
    const { seen } = await process(url, sql)
    // Many writers at once, each its own transaction on the pool's connections.
    await Promise.all(Array.from({ length: 40 }, (_, i) => insertAssets(sql, [`c${i}`])))
    await until(() => seen.length === 40)
    const seqs = seen.map((change) => change.seq)
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
    expect(new Set(seqs).size).toBe(40)
  })

  it('reads a burst of commits from the log together, and a lone change at once, every change sent in order', async () => {
    const { url, sql } = await hubCatalogue()
    const { counted, reads } = logReadsOn(sql)
    const { seen } = await process(url, counted)
    // One by one, as an import commits each file's outcome.
    for (let i = 0; i < 100; i++) await insertAssets(sql, [`b${i}`])
    await until(() => seen.length === 100)
    expect(seen.map((change) => change.seq)).toEqual(seen.map((_, at) => seen[0]!.seq + at))
    expect(reads.count).toBeLessThan(50)
    // Once the burst is over, a change alone is read when it is heard, not after the gathering's wait.
    await new Promise((resolve) => setTimeout(resolve, 100))
    const readsBefore = reads.count
    await insertAssets(sql, ['alone'])
    await until(() => seen.length === 101)
    expect(reads.count).toBe(readsBefore + 1)
  })

  it('listens on its channels alone when it sends no changes (a worker): no library:changed, no read of the log', async () => {
    const { url, sql, admin } = await hubCatalogue()
    const { counted, reads } = logReadsOn(sql)
    const bus = createEventBus()
    const events: string[] = []
    bus.subscribe((event: EventMessage) => void events.push(event.name))
    const payloads: Array<string | undefined> = []
    const feed = await postgresChangeFeed(url, counted, bus, {
      channels: { framevault_test_jobs: (payload) => payloads.push(payload) },
      changes: false,
    })
    cleanups.push(() => feed.close())
    // A process that sends changes, beside it, to know when they are out.
    const hub = await process(url, sql)
    await insertAssets(sql, ['w1', 'w2'])
    await admin.query("SELECT pg_notify('framevault_test_jobs', 'a job waits')")
    await until(() => hub.seen.length === 2 && payloads.length === 1)
    expect(payloads).toEqual(['a job waits'])
    expect(events).toEqual([])
    expect(reads.count).toBe(0)
    // Asked, it still reads what the log holds.
    expect((await feed.since((await feed.cursor()) - 2)).changes).toHaveLength(2)
  })

  it('keeps the last thousand changes: a client further behind is told it missed some', async () => {
    const { url, sql } = await hubCatalogue()
    const { feed } = await process(url, sql)
    const start = await feed.cursor()
    await sql.run(
      `INSERT INTO saved_searches (name, created_at, updated_at)
       SELECT 'search ' || n, '2026-11-26', '2026-11-26' FROM generate_series(1, 3) AS n`,
    )
    for (let i = 0; i < 1_001; i++) await sql.run(`UPDATE saved_searches SET query = ? WHERE id = 1`, [`q${i}`])
    const newest = await feed.cursor()
    expect(newest).toBe(start + 1_002)
    expect(await feed.since(start)).toEqual({ changes: [], missed: true })
    expect((await feed.since(newest - 1_000)).changes).toHaveLength(1_000)
  })

  it('catches up on what was committed while its listening connection was gone', async () => {
    const { url, sql, admin } = await hubCatalogue()
    const { feed, seen, errors } = await process(url, sql)
    const start = await feed.cursor()
    // The server ends the listening connection (a restart, a network cut) and a write commits meanwhile.
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
      LISTENER_NAME,
    ])
    await until(() => errors.length > 0)
    await insertAssets(sql, ['gone1'])
    await until(() => feed.listening() && seen.length === 1)
    expect(seen).toEqual([
      { seq: start + 1, tables: expect.arrayContaining(['videos']), topics: expect.arrayContaining(['assets']) },
    ])
    // And it listens again: the next change comes as it is committed.
    await insertAssets(sql, ['back1'])
    await until(() => seen.length === 2)
    expect(seen[1]!.seq).toBe(start + 2)
  })

  it('listens again at once when woken (the catalogue is back), not at its next try', async () => {
    const { url, sql, admin } = await hubCatalogue()
    // Its next try would be a minute away.
    const { feed, seen, errors } = await process(url, sql, 60_000)
    const start = await feed.cursor()
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
      LISTENER_NAME,
    ])
    await until(() => errors.length > 0)
    await insertAssets(sql, ['while-away'])
    expect(feed.listening()).toBe(false)
    feed.wake()
    await until(() => feed.listening() && seen.length === 1)
    expect(seen[0]!.seq).toBe(start + 1)
  })
})
