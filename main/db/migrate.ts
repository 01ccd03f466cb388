import type { Database } from 'better-sqlite3'
import { AppError } from '../../shared/errors'
import type { Migration } from './migration'

export interface MigrationResult {
  from: number
  to: number
  applied: string[]
}

/** The schema version recorded in the database file (0 for a new file). */
export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

/** The highest version a migration list brings a database to. */
export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1].version
}

/** Refuses a database written by a newer Framevault, before anything touches the file. */
export function assertNotNewer(db: Database, migrations: readonly Migration[], file: string): void {
  const found = schemaVersion(db)
  const supported = latestVersion(migrations)
  if (found > supported) {
    throw new AppError(
      'conflict',
      `${file} has schema version ${found}, but this Framevault understands versions up to ${supported}. ` +
        'It was written by a newer Framevault; update Framevault to open it. The file was not changed.',
      { file, found, supported },
    )
  }
}

/**
 * Applies the pending migrations in one write transaction and records the new user_version.
 *
 * Another process may open the same fresh library at the same moment: the version is read
 * again once BEGIN IMMEDIATE holds the write lock, so only one of them migrates and the other
 * finds the work done (instead of "table ... already exists").
 */
export function migrate(db: Database, migrations: readonly Migration[], file: string): MigrationResult {
  assertMigrationList(migrations)
  assertNotNewer(db, migrations, file)
  const latest = latestVersion(migrations)
  const seen = schemaVersion(db)
  // Up to date: no write lock, so opening never waits for another process's long write.
  if (seen === latest) return { from: seen, to: seen, applied: [] }
  return db
    .transaction((): MigrationResult => {
      assertNotNewer(db, migrations, file)
      const from = schemaVersion(db)
      const pending = migrations.filter((m) => m.version > from)
      for (const m of pending) m.up(db)
      if (pending.length > 0) db.pragma(`user_version = ${latest}`)
      return { from, to: schemaVersion(db), applied: pending.map((m) => `${m.version}-${m.name}`) }
    })
    .immediate()
}

function assertMigrationList(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    const previous = i === 0 ? 0 : migrations[i - 1].version
    if (!Number.isInteger(m.version) || m.version % 10 !== 0 || m.version <= previous) {
      throw new AppError('internal', `Migration ${m.version}-${m.name} is out of order or not a multiple of 10.`)
    }
  })
}
