/** A catalogue's database as a person is told of it: where it is, its schema version, its tables and its size. */
export interface DatabaseFacts {
  /** A library's database file, or a hub's server and database (no password). */
  location: string
  schemaVersion: number
  /** Each table's rows; `estimated` where they are the database's estimate, not a count (a hub's large tables). */
  tables: Array<{ name: string; rows: number; estimated?: boolean }>
  /** Bytes the database takes: a library's file with its journal, a hub's tables and indexes on the server. */
  bytes: number
}
