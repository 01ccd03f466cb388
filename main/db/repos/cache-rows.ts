import type { SqlEngine, SqlValue } from '../sql/sql-engine'
import { AppError } from '../../../shared/errors'

/** Where a cache's failed save is reported (saveWithLogging never throws). */
export interface CacheLogger {
  error(message: string): void
}

// "algo:hex", as the plugins write them ("sha256:…", "xxh64:…").
const HASH = /^[a-z0-9]+:[0-9a-f]+$/

/** Refuses a hash that is not "algo:hex" (lower case). */
export function checkHash(what: string, value: string): void {
  if (!HASH.test(value)) throw new AppError('validation', `${what} must be "algo:hex", got ${JSON.stringify(value)}`)
}

/** A JSON column's value as stored: JSON text, or NULL for a missing value. */
export function toJsonColumn(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value)
}

/** A JSON column's value as read: parsed, or the text itself when another writer stored text that is not JSON. */
export function fromJsonColumn(text: string | null): unknown {
  if (text === null) return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

/** Now in unix seconds, as the plugins stamp created_at. */
export function unixSeconds(): number {
  return Date.now() / 1000
}

/** Runs a save, reporting a failure to `logger` instead of throwing; true when it saved. */
export async function savedOrLogged(what: string, save: () => Promise<unknown>, logger: CacheLogger): Promise<boolean> {
  try {
    await save()
    return true
  } catch (error) {
    logger.error(`Could not save the ${what}: ${error instanceof Error ? error.message : String(error)}`)
    return false
  }
}

/** Reads a cache table's rows, each turned into what the repository gives (its JSON columns parsed). */
export function mappedRows<Row, Mapped>(sql: SqlEngine, map: (row: Row) => Mapped) {
  return {
    /** The first row, or null. */
    one: async (query: string, params: readonly SqlValue[]): Promise<Mapped | null> => {
      const row = await sql.get<Row>(query, params)
      return row ? map(row) : null
    },
    many: async (query: string, params: readonly SqlValue[]): Promise<Mapped[]> =>
      (await sql.all<Row>(query, params)).map(map),
  }
}
