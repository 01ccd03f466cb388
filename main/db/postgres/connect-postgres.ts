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
 * Connects to the PostgreSQL at `url` (a pool of `max` connections) and brings its catalogue up to date, or with
 * `migrate: false` (a worker, whose role changes no table) reads the version it is at. An idle connection the server
 * drops (a restart, a network cut) is reported to `onError` and replaced at the next statement; it never ends the
 * process.
 */
export async function connectPostgres(
  url: string,
  {
    max = 10,
    onError = (error: Error) => console.error('framevault: PostgreSQL:', error.message),
    migrate = true,
  } = {},
): Promise<PostgresCatalog> {
  const pool = new pg.Pool({ connectionString: url, max })
  pool.on('error', onError)
  try {
    const migration = migrate ? await migratePostgres(pool, postgresMigrations) : await schemaVersion(pool)
    return { sql: postgresEngine(pool), migration, close: () => pool.end() }
  } catch (error) {
    await pool.end()
    throw error
  }
}

/** The version a catalogue is at, as a migration that applied nothing. */
async function schemaVersion(pool: pg.Pool): Promise<PostgresMigrationResult> {
  const { rows } = await pool.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations')
  const version = rows[0]?.version ?? 0
  return { from: version, to: version, applied: [] }
}
