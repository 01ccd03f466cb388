import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { UniqueViolation, type SqlEngine, type SqlValue, type TransactionOptions } from '../sql/sql-engine'
import { numberedPlaceholders } from '../sql/placeholders'
import { asCatalogueError } from './catalogue-unavailable'

const INT8 = 20
const UNIQUE_VIOLATION = '23505'
const SERIALIZATION_FAILURE = '40001'
// A serializable transaction the server refused this many times in a row fails with its error.
const SERIALIZABLE_ATTEMPTS = 5
// Before another try, a wait of up to this many milliseconds times the tries so far, drawn at random: two
// transactions refused for each other and tried again at once can meet again (a CI run saw five refusals in a row).
const RETRY_SPREAD_MS = 10

/** What the engine needs of a pool or of one of its clients. */
interface Queryable {
  query(config: { text: string; values: unknown[]; types: typeof TYPES }): Promise<pg.QueryResult>
}

// Counts and bigint ids come back as numbers, as SQLite gives them (exact up to 2^53, far past any catalogue).
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
}

/**
 * The SqlEngine of a hub's PostgreSQL (issue 34), over a connection pool. A transaction holds one of the
 * pool's connections until it ends; statements outside one take any free connection.
 */
export function postgresEngine(pool: pg.Pool): SqlEngine {
  return {
    ...statementsOn(pool),
    async transaction<T>(work: (tx: SqlEngine) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        try {
          return await once(pool, work, beginOf(options))
        } catch (error) {
          if (!options.serializable || codeOf(error) !== SERIALIZATION_FAILURE || attempt === SERIALIZABLE_ATTEMPTS) {
            throw asCatalogueError(error)
          }
          await sleep(Math.random() * RETRY_SPREAD_MS * attempt)
        }
      }
    },
  }
}

function beginOf(options: TransactionOptions): string {
  if (options.serializable) return 'BEGIN ISOLATION LEVEL SERIALIZABLE'
  return options.readOnly ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN'
}

/** One try of a transaction on a connection of its own. */
async function once<T>(pool: pg.Pool, work: (tx: SqlEngine) => Promise<T>, begin: string): Promise<T> {
  const client = await pool.connect()
  let broken: unknown
  // The server may drop the connection while the transaction waits between statements (a restart, an admin ending
  // it): the driver says so as an event, which would end the process unheard. The next statement fails in its stead.
  const dropped = (error: Error) => (broken = error)
  client.on('error', dropped)
  try {
    await client.query(begin)
    try {
      const result = await work(transactionOn(client, 0))
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => (broken = rollbackError))
      throw error
    }
  } finally {
    client.off('error', dropped)
    // A connection dropped, or whose rollback failed, is in an unknown state: the pool drops it.
    client.release(broken instanceof Error ? broken : undefined)
  }
}

const codeOf = (error: unknown): unknown => (error as { code?: unknown }).code

function transactionOn(client: pg.PoolClient, depth: number): SqlEngine {
  return {
    ...statementsOn(client),
    async transaction<T>(work: (tx: SqlEngine) => Promise<T>): Promise<T> {
      const name = `fv_${depth + 1}`
      await client.query(`SAVEPOINT ${name}`)
      try {
        const result = await work(transactionOn(client, depth + 1))
        await client.query(`RELEASE SAVEPOINT ${name}`)
        return result
      } catch (error) {
        await client.query(`ROLLBACK TO SAVEPOINT ${name}`)
        throw error
      }
    },
  }
}

function statementsOn(target: Queryable): Omit<SqlEngine, 'transaction'> {
  const query = async (sql: string, params: readonly SqlValue[] = []) => {
    try {
      return await target.query({ text: numberedPlaceholders(sql), values: [...params], types: TYPES })
    } catch (error) {
      // A server out of reach is a 503 in words, not the driver's "connect ECONNREFUSED" as a 500.
      throw codeOf(error) === UNIQUE_VIOLATION ? new UniqueViolation(error) : asCatalogueError(error)
    }
  }
  return {
    dialect: 'postgres',
    all: async <Row>(sql: string, params?: readonly SqlValue[]) => (await query(sql, params)).rows as Row[],
    get: async <Row>(sql: string, params?: readonly SqlValue[]) =>
      (await query(sql, params)).rows[0] as Row | undefined,
    run: async (sql, params) => ({ changes: (await query(sql, params)).rowCount ?? 0 }),
  }
}
