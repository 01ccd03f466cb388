import type { Database, Statement } from 'better-sqlite3'
import {
  UniqueViolation,
  type SqlEngine,
  type SqlRunResult,
  type SqlValue,
  type TransactionOptions,
} from './sql-engine'
import { takeTurns } from './turns'

/**
 * The SqlEngine of a library's SQLite file, on the library's own connection (so change tracking and the
 * synchronous repos see the same data). Statements are prepared once and kept.
 *
 * One connection holds one transaction at a time: while one is open, statements and transactions sent to the
 * engine wait for it to end rather than join it (a listener the transaction's writes call reads what it
 * committed). So a transaction's work goes through its `tx` alone: a statement it sent to the engine itself
 * would wait for the transaction, which waits for it.
 *
 * The synchronous repos (LibraryRepos) share the connection and do not wait: a write of theirs that runs while
 * an async transaction is open (between two of its awaits) is part of it. Services therefore check before
 * they write, so that a transaction rolls back only on a fault, not on a refusal.
 */
// The connections whose engine has a writing transaction open (between its BEGIN and its end).
const writing = new WeakSet<Database>()

/**
 * Whether this connection's engine has a writing transaction open: a synchronous read between two of its awaits
 * runs inside it, where FTS5 still holds its text index writes in memory (fts-prefix-reader.ts reads the pages).
 */
export function writeOpen(db: Database): boolean {
  return writing.has(db)
}

// What each connection's engine calls after a statement it ran: the change feed takes the topics its triggers noted.
const afterStatement = new WeakMap<Database, () => void>()

/**
 * Has `listener` called after each statement an engine on `db` runs, in the caller's async context (so a change is
 * told in the batch that made it, main/db/change-feed.ts).
 */
export function afterEachStatement(db: Database, listener: () => void): void {
  afterStatement.set(db, listener)
}

export function sqliteEngine(db: Database): SqlEngine {
  const statements = new Map<string, Statement>()
  const prepared = (sql: string): Statement => {
    let statement = statements.get(sql)
    if (!statement) {
      statement = db.prepare(sql)
      statements.set(sql, statement)
    }
    return statement
  }
  const turn = takeTurns()
  let openTransactions = 0

  const direct = statementsOn(prepared, () => afterStatement.get(db)?.())
  /** Runs a statement now, or after the transaction open elsewhere has ended. */
  const outside = async <R>(call: () => R): Promise<R> => (openTransactions === 0 ? call() : turn(async () => call()))

  const transactionOn = (depth: number) => {
    const tx: SqlEngine = {
      dialect: 'sqlite',
      all: async (sql, params) => direct.all(sql, params),
      get: async (sql, params) => direct.get(sql, params),
      run: async (sql, params) => direct.run(sql, params),
      transaction: (work) => savepoint(depth + 1, work),
    }
    return tx
  }
  const savepoint = async <T>(depth: number, work: (tx: SqlEngine) => Promise<T>): Promise<T> => {
    const name = `fv_${depth}`
    db.exec(`SAVEPOINT ${name}`)
    try {
      const result = await work(transactionOn(depth))
      db.exec(`RELEASE ${name}`)
      return result
    } catch (error) {
      db.exec(`ROLLBACK TO ${name}`)
      db.exec(`RELEASE ${name}`)
      throw error
    }
  }

  return {
    dialect: 'sqlite',
    all: (sql, params) => outside(() => direct.all(sql, params)),
    get: (sql, params) => outside(() => direct.get(sql, params)),
    run: (sql, params) => outside(() => direct.run(sql, params)),
    async transaction<T>(work: (tx: SqlEngine) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
      openTransactions += 1
      try {
        return await turn(async () => {
          // A reading transaction takes no write lock: other connections write meanwhile, it keeps its snapshot.
          db.exec(options.readOnly ? 'BEGIN' : 'BEGIN IMMEDIATE')
          if (!options.readOnly) writing.add(db)
          try {
            const result = await work(transactionOn(0))
            db.exec('COMMIT')
            return result
          } catch (error) {
            if (db.inTransaction) db.exec('ROLLBACK')
            throw error
          } finally {
            writing.delete(db)
          }
        })
      } finally {
        openTransactions -= 1
      }
    },
  }
}

function statementsOn(prepared: (sql: string) => Statement, after: () => void) {
  const then = <T>(result: T): T => {
    after()
    return result
  }
  return {
    all: <Row>(sql: string, params: readonly SqlValue[] = []): Row[] =>
      then(translated(() => prepared(sql).all(...params) as Row[])),
    get: <Row>(sql: string, params: readonly SqlValue[] = []): Row | undefined =>
      then(translated(() => prepared(sql).get(...params) as Row | undefined)),
    run: (sql: string, params: readonly SqlValue[] = []): SqlRunResult =>
      then(translated(() => ({ changes: prepared(sql).run(...params).changes }))),
  }
}

const UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY'])

/** Runs a statement, its unique-key refusal reported as the UniqueViolation both engines throw. */
function translated<T>(call: () => T): T {
  try {
    return call()
  } catch (error) {
    const code = (error as { code?: unknown }).code
    throw typeof code === 'string' && UNIQUE_CODES.has(code) ? new UniqueViolation(error) : error
  }
}
