import type pg from 'pg'
import { AppError } from '../../../shared/errors'
import type { PostgresMigration } from './postgres-migration'

export interface PostgresMigrationResult {
  from: number
  to: number
  applied: string[]
}

// One number for every hub process: the advisory lock that lets one of them migrate at a time.
const MIGRATION_LOCK = 0x4676_6d69

/**
 * Brings a hub's catalogue up to `migrations` in one transaction. Several hubs starting on one database
 * take turns on an advisory lock, so one migrates and the others find the work done; a catalogue written
 * by a newer Framevault is refused before anything changes.
 */
export async function migratePostgres(
  pool: pg.Pool,
  migrations: readonly PostgresMigration[],
): Promise<PostgresMigrationResult> {
  assertOrdered(migrations)
  const client = await pool.connect()
  try {
    await assertSupportedServer(client)
    await client.query('BEGIN')
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`)
      const { rows } = await client.query<{ version: number | null }>(
        'SELECT max(version) AS version FROM schema_migrations',
      )
      const from = rows[0].version ?? 0
      const latest = migrations.at(-1)?.version ?? 0
      if (from > latest) {
        throw new AppError(
          'conflict',
          `This catalogue has schema version ${from}, but this Framevault understands versions up to ${latest}. ` +
            'It was written by a newer Framevault; update Framevault to serve it. Nothing was changed.',
          { found: from, supported: latest },
        )
      }
      const pending = migrations.filter((migration) => migration.version > from)
      for (const migration of pending) {
        await client.query(migration.up)
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
          migration.version,
          migration.name,
        ])
      }
      await client.query('COMMIT')
      return {
        from,
        to: Math.max(from, latest),
        applied: pending.map((migration) => `${migration.version}-${migration.name}`),
      }
    } catch (error) {
      await client.query('ROLLBACK')
      throw error
    }
  } finally {
    client.release()
  }
}

// PostgreSQL 18 is the first to match LIKE on case-insensitive (nondeterministic) names, as tags' prefixes are.
const OLDEST_SERVER = 180000

async function assertSupportedServer(client: pg.PoolClient): Promise<void> {
  const { rows } = await client.query<{ version: string }>("SELECT current_setting('server_version_num') AS version")
  const version = Number(rows[0].version)
  if (version < OLDEST_SERVER) {
    throw new AppError(
      'conflict',
      `This PostgreSQL is version ${Math.floor(version / 10000)}; a Framevault hub needs PostgreSQL 18 or later.`,
      { found: version },
    )
  }
}

// Consecutive multiples of 10, with no gap: a hub at version N applies every migration above N, so a migration
// landing later with a number below one already applied would never run (renumber it on merge instead).
function assertOrdered(migrations: readonly PostgresMigration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== (index + 1) * 10) {
      throw new Error(
        `PostgreSQL migration ${migration.name} has version ${migration.version}, expected ${(index + 1) * 10}.`,
      )
    }
  })
}
