import pg from 'pg'
import { migratePostgres, type PostgresMigrationResult } from './migrate-postgres'
import { postgresMigrations } from './migrations'
import { postgresEngine } from './postgres-engine'
import type { SqlEngine } from '../sql/sql-engine'

/** A hub's catalogue database, connected and migrated. */
export interface PostgresCatalog {
  sql: SqlEngine
  migration: PostgresMigrationResult
  close(): Promise<void>
}

/**
 * Connects to the PostgreSQL at `url` (a pool of `max` connections) and brings its catalogue up to date. An idle
 * connection the server drops (a restart, a network cut) is reported to `onError` and replaced at the next
 * statement; it never ends the process.
 */
export async function connectPostgres(
  url: string,
  { max = 10, onError = (error: Error) => console.error('framevault: PostgreSQL:', error.message) } = {},
): Promise<PostgresCatalog> {
  const pool = new pg.Pool({ connectionString: url, max })
  pool.on('error', onError)
  try {
    const migration = await migratePostgres(pool, postgresMigrations)
    return { sql: postgresEngine(pool), migration, close: () => pool.end() }
  } catch (error) {
    await pool.end()
    throw error
  }
}
