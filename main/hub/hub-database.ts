import { existsSync } from 'node:fs'
import path from 'node:path'
import { isConnectionLoss } from '../db/postgres/catalogue-unavailable'
import { connectPostgres, type PostgresCatalog } from '../db/postgres/connect-postgres'
import { startEmbeddedPostgres } from '../db/postgres/embedded-postgres'
import { watchPostgres } from '../db/postgres/postgres-watchdog'
import type { PostgresMigrationResult } from '../db/postgres/migrate-postgres'
import { shownDatabaseUrl } from '../db/postgres/postgres-facts'
import type { SqlEngine } from '../db/sql/sql-engine'
import { DATABASE_FILE } from '../library/library-paths'
import { catalogueHealth, type CatalogueHealth } from './catalogue-health'

/** The hub's catalogue, connected and migrated: its URL and engine, and how to let both go. */
export interface HubCatalogue {
  url: string
  sql: SqlEngine
  migration: PostgresMigrationResult
  /** Where it is, as the hub prints it (no password). */
  where: string
  /** Whether it serves now: calls are answered 503 in words while it does not. */
  health: CatalogueHealth
  close(): Promise<void>
}

// Lines of the embedded server's log kept for the words of a failed start.
const LOG_LINES_KEPT = 20

/**
 * The hub's catalogue: the PostgreSQL at `databaseUrl` (`--database`), or else the one the `embedded-postgres`
 * package runs for it with its data in `dataDir/postgres` (made at the first start, needing no network).
 */
export async function openHubCatalogue(databaseUrl: string | undefined, dataDir: string): Promise<HubCatalogue> {
  // A connection dropped while the hub closes (its own server stopping) is no news; one lost while it runs makes
  // the health ask the catalogue, which tells the outage once rather than once per connection.
  let closing = false
  let health: CatalogueHealth | undefined
  const onError = (error: Error) => {
    if (closing) return
    if (isConnectionLoss(error)) health?.suspect()
    else console.error('framevault: PostgreSQL:', error.message)
  }
  const watched = (catalogue: PostgresCatalog, where: string, stop: () => Promise<void>) => {
    health = catalogueHealth(() => catalogue.sql.get('SELECT 1'), { where })
    const close = () => {
      closing = true
      health!.close()
      return catalogue.close().finally(stop)
    }
    return { ...catalogue, where, health, close }
  }
  if (databaseUrl !== undefined) {
    const catalogue = await connectPostgres(checkedUrl(databaseUrl), { onError })
    return { url: databaseUrl, ...watched(catalogue, `PostgreSQL at ${shownDatabaseUrl(databaseUrl)}`, async () => {}) }
  }
  refuseEarlierHub(dataDir)
  const log: string[] = []
  const server = await startEmbeddedPostgres({
    dir: dataDir,
    onLog: (line) => log.push(line) > LOG_LINES_KEPT && log.shift(),
  }).catch((error: unknown) => {
    // The package rejects with nothing when the server exits at once: its log says why.
    const why = error instanceof Error ? error.message : 'it exited'
    throw new Error(`the embedded PostgreSQL did not start: ${why}\n${log.join('')}`)
  })
  try {
    const catalogue = await connectPostgres(server.url, { onError })
    const where = `PostgreSQL in ${path.join(dataDir, 'postgres')}`
    // Its own server, killed or crashed, is started again; calls meanwhile hear that it is restarting.
    const watchdog = watchPostgres(server, {
      restarting: () => health?.restarting(),
      restarted: () => health?.suspect(),
    })
    return { url: server.url, ...watched(catalogue, where, () => watchdog.stop()) }
  } catch (error) {
    await server.stop()
    throw error
  }
}

/** `--database` as given when it is a PostgreSQL URL; an error in words otherwise. */
function checkedUrl(url: string): string {
  let protocol: string
  try {
    protocol = new URL(url).protocol
  } catch {
    protocol = ''
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    throw new Error(`--database takes a PostgreSQL URL (postgres://user@host:5432/database), not "${url}".`)
  }
  return url
}

/**
 * Refuses data an earlier hub left: its catalogue in a SQLite file (`DIR/library/library.db`), which this hub would
 * not read. Nothing is moved or lost: the folder opens as a person's library.
 */
function refuseEarlierHub(dataDir: string): void {
  const library = path.join(dataDir, 'library')
  if (!existsSync(path.join(library, DATABASE_FILE)) || existsSync(path.join(dataDir, 'postgres'))) return
  throw new Error(
    `${dataDir} holds the catalogue of an earlier hub, in a SQLite file (${path.join(library, DATABASE_FILE)}); ` +
      `a hub now keeps its catalogue in PostgreSQL. Nothing was changed: serve it as a library with ` +
      `\`npm run web -- --library "${library}"\`, or start the hub with another --data DIR.`,
  )
}
