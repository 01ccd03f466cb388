/** A catalogue's database as a person is told of it: where it is, its schema version, its tables and its size. */
export interface DatabaseFacts {
  /** A library's database file, or a hub's server and database (no password). */
  location: string
  schemaVersion: number
  tables: Array<{ name: string; rows: number }>
  /** Bytes the database takes: a library's file with its journal, a hub's tables and indexes on the server. */
  bytes: number
}
