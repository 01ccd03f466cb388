import type { Database } from 'better-sqlite3'

/** One schema step. `version` is a multiple of 10 and matches the file's number. */
export interface Migration {
  version: number
  name: string
  up(db: Database): void
}
