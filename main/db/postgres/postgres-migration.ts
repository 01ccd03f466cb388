/** One schema step of a hub's catalogue. `version` is a multiple of 10 and matches the file's number. */
export interface PostgresMigration {
  version: number
  name: string
  /** The statements, run in the migration's transaction. */
  up: string
}
