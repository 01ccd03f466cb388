import { existsSync } from 'node:fs'
import path from 'node:path'
import { isConnectionLoss } from '../db/postgres/catalogue-unavailable'
import { setUpCatalogueRoles } from '../db/postgres/catalogue-roles'
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
  /** The catalogue's URL for workers, as `GET /worker` hands it now. */
  workerUrl(): string
  /**
   * Gives workers a new credential, ending the old one's sessions (the hub's own server); absent for a `--database`
   * whose roles are its admin's.
   */
  rotateWorkers?: () => Promise<void>
  migration: PostgresMigrationResult
  /** Where it is, as the hub prints it (no password). */
  where: string
  /** A word of caution the hub prints after where: a `--database` role with more powers than its database's. */
  caution: string | null
  /** Whether it serves now: calls are answered 503 in words while it does not. */
  health: CatalogueHealth
  close(): Promise<void>
}

// Lines of the embedded server's log kept for the words of a failed start.
const LOG_LINES_KEPT = 20

/**
 * The hub's catalogue: the PostgreSQL at `databaseUrl` (`--database`, used as given, also by workers), or else the
 * one the `embedded-postgres` package runs for it with its data in `dataDir/postgres` (made at the first start,
 * needing no network), where the hub connects as the database's owner and workers as a role of their own
 * (catalogue-roles.ts).
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
    const caution = await cautionFor(catalogue.sql)
    const where = `PostgreSQL at ${shownDatabaseUrl(databaseUrl)}`
    return { url: databaseUrl, workerUrl: () => databaseUrl, caution, ...watched(catalogue, where, async () => {}) }
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
    // The superuser sets up the roles and goes: the hub connects as the database's owner, workers as theirs.
    const roles = await setUpCatalogueRoles(server.url)
    const catalogue = await connectPostgres(roles.url, { onError })
    const where = `PostgreSQL in ${path.join(dataDir, 'postgres')}`
    // Its own server, killed or crashed, is started again; calls meanwhile hear that it is restarting.
    const watchdog = watchPostgres(server, {
      restarting: () => health?.restarting(),
      restarted: () => health?.suspect(),
    })
    return {
      url: roles.url,
      workerUrl: roles.workerUrl,
      rotateWorkers: roles.rotateWorkers,
      caution: null,
      ...watched(catalogue, where, () => watchdog.stop()),
    }
  } catch (error) {
    await server.stop()
    throw error
  }
}

/**
 * Words for a `--database` role that can do more than own its database (a superuser, a role that may run programs
 * or read the server's files, make roles or databases): workers are handed it too (docs/hub.md).
 */
async function cautionFor(sql: SqlEngine): Promise<string | null> {
  const role = await sql.get<{ name: string; powers: string | null }>(
    `SELECT current_user AS name, nullif(concat_ws(', ',
       CASE WHEN r.rolsuper THEN 'superuser' END, CASE WHEN r.rolcreaterole THEN 'CREATEROLE' END,
       CASE WHEN r.rolcreatedb THEN 'CREATEDB' END,
       (SELECT string_agg(p.rolname, ', ' ORDER BY p.rolname) FROM pg_roles p
        WHERE p.rolname IN ('pg_execute_server_program', 'pg_read_server_files', 'pg_write_server_files')
          AND pg_has_role(r.oid, p.oid, 'MEMBER'))), '') AS powers
     FROM pg_roles r WHERE r.rolname = current_user`,
  )
  if (!role?.powers) return null
  return (
    `The catalogue's role ${role.name} has more powers than its database needs (${role.powers}), and workers are ` +
    'handed it: give the hub a role that owns the database and nothing more (docs/hub.md).'
  )
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
