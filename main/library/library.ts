import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Database } from 'better-sqlite3'
import { AppError } from '../../shared/errors'
import type { MigrationResult } from '../db/migrate'
import type { Migration } from '../db/migration'
import { migrations as shippedMigrations } from '../db/migrations/index'
import { openDatabase } from '../db/open-database'
import { createLibraryMetaRepo, type LibraryMetaRepo } from '../db/repos/library-meta'
import { createSchemaStatsRepo, type SchemaStatsRepo } from '../db/repos/schema-stats'
import { createEventBus, type EventBus } from './event-bus'

export const DATABASE_FILE = 'library.db'

/** The context every service function works on: one open library folder. */
export interface Library {
  dir: string
  databasePath: string
  db: Database
  repos: { meta: LibraryMetaRepo; schemaStats: SchemaStatsRepo }
  events: EventBus
  /** What opening did to the schema. */
  migration: MigrationResult
  close(): void
}

export interface OpenLibraryOptions {
  nativeBinding?: string
  migrations?: readonly Migration[]
}

/** Opens the library folder `dir`, creating it and its database when missing. */
export function openLibrary(dir: string, options: OpenLibraryOptions = {}): Library {
  const root = path.resolve(dir)
  ensureFolder(root)
  const databasePath = path.join(root, DATABASE_FILE)
  const { db, migration } = openDatabase(databasePath, options.migrations ?? shippedMigrations, options)
  return {
    dir: root,
    databasePath,
    db,
    repos: { meta: createLibraryMetaRepo(db), schemaStats: createSchemaStatsRepo(db) },
    events: createEventBus(),
    migration,
    close: () => db.close(),
  }
}

function ensureFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true })
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'EEXIST'
        ? 'a file with that name is in the way'
        : (error as Error).message
    throw new AppError('io', `Cannot use ${dir} as the library folder: ${reason}.`)
  }
}
