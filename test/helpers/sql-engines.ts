import { randomBytes } from 'node:crypto'
import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterEach, expect, inject } from 'vitest'
import { migrations as shippedMigrations } from '../../main/db/migrations/index'
import { openDatabase } from '../../main/db/open-database'
import { connectPostgres } from '../../main/db/postgres/connect-postgres'
import { postgresEngine } from '../../main/db/postgres/postgres-engine'
import type { SqlDialect, SqlEngine } from '../../main/db/sql/sql-engine'
import { sqliteEngine } from '../../main/db/sql/sqlite-engine'
import { tempDir } from './temp-dir'

/** The engines the conformance suite runs every repository on: a library's SQLite file, a hub's PostgreSQL. */
export const ENGINES: readonly SqlDialect[] = ['sqlite', 'postgres']

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/**
 * A fresh, migrated catalogue on `dialect`, removed after the current test: a new library database file
 * (every library migration), or a new schema in the run's PostgreSQL (every hub migration).
 */
export async function freshEngine(dialect: SqlDialect): Promise<SqlEngine> {
  return dialect === 'sqlite' ? freshSqlite() : freshPostgres()
}

// The file of each SQLite engine made here, for a test that writes to it from another connection.
const sqliteFiles = new WeakMap<SqlEngine, string>()

function freshSqlite(): SqlEngine {
  const file = path.join(tempDir(), 'library.db')
  const { db } = openDatabase(file, shippedMigrations)
  cleanups.push(async () => void db.close())
  const engine = sqliteEngine(db)
  sqliteFiles.set(engine, file)
  return engine
}

/**
 * Runs a writing statement on another connection to the same catalogue than `sql`'s (another process's, as far as
 * `sql` can tell): a second SQLite connection to the file, or the pool's other connection on PostgreSQL.
 */
export async function writeElsewhere(sql: SqlEngine, statement: string): Promise<void> {
  const file = sqliteFiles.get(sql)
  if (file === undefined) return void (await sql.run(statement))
  const other = new Database(file)
  try {
    other.exec(statement)
  } finally {
    other.close()
  }
}

async function freshPostgres(): Promise<SqlEngine> {
  return (await freshHubDatabase()).sql
}

/**
 * A fresh, migrated hub catalogue in a new schema of the run's PostgreSQL, removed after the current test: its engine
 * and the URL that reaches it (the schema first on the search path), as a hub's change feed listens on. With
 * `migrate: false` the schema is left empty.
 */
export async function freshHubDatabase({ migrate = true } = {}): Promise<{ url: string; sql: SqlEngine }> {
  const server = inject('postgresUrl')
  const schema = `test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: server })
  await admin.connect()
  await admin.query(`CREATE SCHEMA ${schema}`)
  // The schema is every connection's first: the hub's migrations and the repositories work in it alone.
  const url = `${server}?options=${encodeURIComponent(`-c search_path=${schema}`)}`
  const { sql, close } = migrate ? await connectPostgres(url, { max: 4, onError: () => {} }) : unmigrated(url)
  cleanups.push(async () => {
    await close()
    await admin.query(`DROP SCHEMA ${schema} CASCADE`)
    await admin.end()
  })
  return { url, sql }
}

function unmigrated(url: string): { sql: SqlEngine; close: () => Promise<void> } {
  const pool = new pg.Pool({ connectionString: url, max: 2 })
  pool.on('error', () => {})
  return { sql: postgresEngine(pool), close: () => pool.end() }
}

/** Asset rows with the columns every engine requires, named `id` as given, for repositories that refer to assets. */
export async function insertAssets(sql: SqlEngine, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    await sql.run('INSERT INTO videos (id, name, file_path, created_at) VALUES (?, ?, ?, ?)', [
      id,
      `${id}.mp4`,
      `/library/media/videos/${id}.mp4`,
      '2026-11-25T10:00:00.000Z',
    ])
  }
}

/**
 * A meeting point for two concurrent transactions: each call waits until a second has come (or 300 ms passed, as
 * SQLite's transactions take turns and the second cannot come before the first ends), so that on PostgreSQL both
 * read before either writes.
 */
export function meetingOfTwo(): () => Promise<void> {
  let arrived = 0
  let bothArrived = () => {}
  const both = new Promise<void>((resolve) => (bothArrived = resolve))
  return async () => {
    if (++arrived === 2) bothArrived()
    await Promise.race([both, new Promise((resolve) => setTimeout(resolve, 300))])
  }
}

/** A hub's catalogue in a database of its own whose collation is ICU's en-US, dropped after the current test. */
export async function freshLanguageOrderedPostgres(): Promise<SqlEngine> {
  const { url } = await emptyHubDatabase({ icuLocale: 'en-US' })
  const { sql, close } = await connectPostgres(url.toString(), { max: 4, onError: () => {} })
  // Cleanups run newest first: the connections close before the database is dropped.
  cleanups.push(close)
  const { collation } = (await sql.get<{ collation: string }>(
    `SELECT coalesce(datlocale, datcollate) AS collation FROM pg_database WHERE datname = current_database()`,
  ))!
  expect(collation).toBe('en-US')
  return sql
}

/**
 * An empty database of its own on the test PostgreSQL server, for a hub's `--database` (with the ICU collation
 * given, else the server's): its URL, its name and the server's URL (a superuser's); dropped after the current test,
 * whoever is still connected to it.
 */
export async function emptyHubDatabase(
  options: { icuLocale?: string } = {},
): Promise<{ url: URL; name: string; server: URL }> {
  const server = new URL(inject('postgresUrl'))
  const name = `hub_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: server.toString() })
  await admin.connect()
  const collation = options.icuLocale
    ? ` TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE '${options.icuLocale}'`
    : ''
  await admin.query(`CREATE DATABASE ${name}${collation}`)
  cleanups.push(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.end()
  })
  const url = new URL(server)
  url.pathname = `/${name}`
  return { url, name, server }
}
