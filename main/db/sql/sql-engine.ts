/**
 * A value a statement's `?` takes. No booleans: flags are integer 0/1 columns on both engines, as PostgreSQL
 * would read `true` into an integer column as an error and SQLite has no boolean to give back.
 */
export type SqlValue = string | number | bigint | null | Uint8Array

/** What a writing statement did. */
export interface SqlRunResult {
  /** Rows inserted, updated or deleted. */
  changes: number
}

/** Which database an engine speaks to; statements written for both never need to ask. */
export type SqlDialect = 'sqlite' | 'postgres'

/**
 * One catalogue database behind one async interface (issue 34): a library's SQLite file or a hub's
 * PostgreSQL. Repositories written against it run unchanged on both, so the service layer never forks.
 *
 * Statements use `?` placeholders (an engine that numbers them does so itself) and SQL both engines
 * read: `INSERT … RETURNING`, `ON CONFLICT`, text timestamps, integer ids. Integer columns come back as
 * numbers on both engines.
 */
export interface SqlEngine {
  readonly dialect: SqlDialect
  /** Every row the statement returns. */
  all<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>
  /** The first row, or undefined when there is none. */
  get<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row | undefined>
  /** Runs a writing statement. */
  run(sql: string, params?: readonly SqlValue[]): Promise<SqlRunResult>
  /**
   * Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it
   * throws (the error is thrown on). Statements inside go through `tx`; a transaction inside one is a
   * savepoint (its options are the outer one's).
   */
  transaction<T>(work: (tx: SqlEngine) => Promise<T>, options?: TransactionOptions): Promise<T>
}

export interface TransactionOptions {
  /**
   * As if no other transaction ran at the same time, for a rule that reads rows other than those it writes (there
   * stays an admin). SQLite's transactions always are (one writer at a time); PostgreSQL runs it SERIALIZABLE and
   * runs `work` again when the server refuses to commit it for that reason, so `work` must do nothing else twice.
   */
  serializable?: boolean
  /**
   * Reads alone, from one snapshot, so figures read by several statements agree: SQLite begins a deferred transaction
   * (no write lock held while it reads), PostgreSQL a REPEATABLE READ READ ONLY one (which refuses a write).
   */
  readOnly?: boolean
}

/** A write refused because a row with the same unique key is there, as both engines report it. */
export class UniqueViolation extends Error {
  constructor(cause: unknown) {
    super('A row with the same unique key exists.', { cause })
    this.name = 'UniqueViolation'
  }
}
