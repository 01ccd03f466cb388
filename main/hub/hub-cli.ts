import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import { homedir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { librarySource } from '../app/library-session'
import { HUB_QUEUED_KINDS, openHubLibrary } from '../app/open-hub-library'
import { startHelperWorkers } from './helper-workers'
import { firstAdminName, parseAdminName, type FirstAdminName } from './first-admin'
import { runWorkerArgs } from '../cli/worker-command'
import { openHubCatalogue } from './hub-database'
import { openHubStore } from './hub-store'
import { workerCredential } from './worker-credential'
import { startToken } from '../services/people/people'
import { UPLOAD_DEFAULTS } from '../ingest/uploads'
import { peopleAccess } from '../web/host-access'
import { existingFolder, parsePort, parseSize, readRenderer } from '../web/host-options'
import { localOrigin, parsePublicUrl } from '../web/public-address'
import { isLoopbackAddress } from '../web/request-guards'
import { startWebHost } from '../web/web-host'

const DEFAULT_PORT = 4780
const DEFAULT_DATA = path.join(homedir(), 'Framevault Hub')

const USAGE = `Usage: npm run hub -- [--data DIR] [--database URL] [--store URL [--cache-size SIZE]] [--port N]
                      [--listen ADDR] [--public-url URL] [--allow-import-from DIR]... [--max-upload-size SIZE]
                      [--max-unclaimed-size SIZE] [--workers N] [--admin NAME] [--renderer DIR]
  --data DIR               the hub's data: its files under DIR/library, and its catalogue in a PostgreSQL it runs
                           with its data under DIR/postgres (default: ${DEFAULT_DATA})
  --database URL           keep the catalogue in this PostgreSQL instead (postgres://user:password@host:5432/db;
                           PostgreSQL 18 or later)
  --store URL              keep the files in this S3 bucket instead of DIR/library
                           (s3://bucket[/prefix][?endpoint=URL&region=NAME]; credentials from AWS_ACCESS_KEY_ID
                           and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, never in the URL)
  --cache-size SIZE        most bytes of the bucket's files kept on this machine for ffmpeg and the analyzers
                           (default 20G; the least recently used go first)
  --port N                 the port to serve on (default ${DEFAULT_PORT}; 0 picks a free one)
  --listen ADDR            the address to listen on (default 127.0.0.1). Any other address serves the team's
                           network: put a TLS proxy in front (docs/hub.md), as tokens travel in each request
  --public-url URL         the address people reach the hub at (http(s)://name[:port], no path), e.g. its TLS
                           proxy's: the printed address and People's sign-in addresses use it (default: the
                           --listen address, for 0.0.0.0 this machine's first network address)
  --allow-import-from DIR  a folder on this machine that editors may import from by path (repeatable)
  --max-upload-size SIZE   largest single upload, e.g. 64G (default ${UPLOAD_DEFAULTS.maxUploadBytes / 1024 ** 3}G)
  --max-unclaimed-size SIZE  most bytes of uploads waiting for an import (default ${UPLOAD_DEFAULTS.maxUnclaimedBytes / 1024 ** 3}G)
  --workers N              how many workers the hub runs itself (default 1, in its own process; more are started
                           as processes of their own). With 0 its long jobs wait for workers started elsewhere
                           (npm run worker -- --hub URL --token T)
  --admin NAME             the first admin's name, at the first start (asked on a terminal otherwise; without
                           either, "admin", renamed later in People or with framevault people rename)
  --renderer DIR           serve this built renderer instead of building one`

/**
 * `npm run hub`: one library shared by a team. Each person signs in with an API token of their own and acts with
 * their role (viewer, commenter, editor, admin); what they change is recorded under their name.
 */
async function main(): Promise<void> {
  // A helper worker the hub started (--workers N): the same entry, so it runs as the hub runs.
  if (process.argv[2] === 'worker') return void (process.exitCode = await runWorkerArgs(process.argv.slice(3)))
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      database: { type: 'string' },
      store: { type: 'string' },
      'cache-size': { type: 'string' },
      port: { type: 'string' },
      listen: { type: 'string' },
      'public-url': { type: 'string' },
      'allow-import-from': { type: 'string', multiple: true },
      'max-upload-size': { type: 'string' },
      'max-unclaimed-size': { type: 'string' },
      workers: { type: 'string' },
      admin: { type: 'string' },
      renderer: { type: 'string' },
      build: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  })
  if (values.help) return console.log(USAGE)
  const port = parsePort(values.port ?? String(DEFAULT_PORT), USAGE)
  const listen = values.listen ?? '127.0.0.1'
  const publicUrl = values['public-url'] === undefined ? undefined : parsePublicUrl(values['public-url'])
  const dataDir = path.resolve(values.data ?? DEFAULT_DATA)
  const allowedPaths = (values['allow-import-from'] ?? []).map(existingFolder)
  const uploads = {
    maxUploadBytes: parseSize('--max-upload-size', values['max-upload-size']),
    maxUnclaimedBytes: parseSize('--max-unclaimed-size', values['max-unclaimed-size']),
  }
  const workers = parseWorkers(values.workers)
  const adminName = parseAdminName(values.admin)
  const renderer = await readRenderer(values.build === true, values.renderer)
  // A taken port is told at once, not after the catalogue's server started (seconds) only to be stopped again.
  await portFree(listen, port).catch((error: unknown) => {
    throw new Error(listenFailure(error as NodeJS.ErrnoException, listen, port))
  })
  const libraryDir = path.join(dataDir, 'library')
  const files = await openHubStore(values.store, libraryDir, {
    maxBytes: parseSize('--cache-size', values['cache-size']),
  })
  const catalogue = await openHubCatalogue(values.database, dataDir)
  // Known once the host listens (--port 0 picks the port then); asked for only by calls, which come after.
  let publicAddress = ''
  const library = await openHubLibrary(libraryDir, catalogue, {
    store: files.store,
    actor: 'hub',
    allowedPaths,
    uploads,
    hashAfterImports: true,
    watchFolders: true,
    claims: workers === 0 ? [] : undefined,
    publicAddress: () => publicAddress,
  }).catch(async (error: unknown) => {
    await catalogue.close()
    throw error
  })
  const credential = workerCredential(
    catalogue,
    {
      store: values.store ?? null,
      folder: values.store === undefined ? libraryDir : null,
      schema: catalogue.migration.to,
      queued: [...HUB_QUEUED_KINDS],
    },
    library,
  )
  const close = () => {
    credential.stop()
    return library.close().finally(() => catalogue.close())
  }
  // The helper workers' key to their setup: this process's alone, so no other start's revoking of tokens stops them.
  const helperSecret = randomBytes(24).toString('base64url')
  const source = librarySource(library)
  let named: FirstAdminName | undefined
  const { admin, token, created } = await startToken(library, async () => {
    named = await firstAdminName(adminName)
    return named.name
  })
  const host = await startWebHost({
    library: source,
    rendererDir: renderer.dir,
    renderer,
    port,
    listen,
    publicUrl,
    token,
    access: peopleAccess(source),
    catalogue: catalogue.health,
    workerSetup: credential.setup,
    helperSecret,
  }).catch(async (error: unknown) => {
    await close()
    throw new Error(listenFailure(error as NodeJS.ErrnoException, listen, port))
  })
  publicAddress = new URL(host.url).origin
  console.log(`Framevault hub: ${dataDir}`)
  console.log(`Catalogue: ${catalogue.where}`)
  if (catalogue.caution) console.log(catalogue.caution)
  console.log(`Files: ${files.where}`)
  if (!isLoopbackAddress(listen)) {
    console.log(`Listening on ${listen}: serve it to the team through a TLS proxy (docs/hub.md).`)
  }
  console.log(
    created
      ? `First start: made the admin "${admin.name}"; add people in the app (People) or with \`framevault people add\`.`
      : `Signed in as "${admin.name}" (admin); the token printed at the previous start no longer works.`,
  )
  if (named?.defaulted) {
    console.log(
      `No --admin NAME and no terminal to ask: the admin is called "${admin.name}"; rename them in People or with \`framevault people rename ${admin.id} NAME\`.`,
    )
  } else if (!created && adminName !== undefined && adminName !== admin.name) {
    console.log(`--admin names the first admin at the first start only: rename people in People.`)
  }
  console.log(
    workers === 0
      ? 'Workers: none here; long jobs wait for workers (npm run worker -- --hub URL --token T).'
      : `Workers: ${workers} (${workers > 1 ? `this process and ${workers - 1} more` : 'in this process'}).`,
  )
  console.log(`Open in your browser: ${host.url}`)
  const helpers = startHelperWorkers(workers - 1, localOrigin(listen, host.port), helperSecret, dataDir)
  // The facet index read while nobody waits (a million assets: seconds); a failure leaves it to the first request.
  let stopping = false
  library.browse.warm().catch((error: unknown) => {
    if (!stopping) console.error('framevault: the facet counts were not read:', error)
  })
  const stop = () => {
    stopping = true
    // The embedded server may be stopped first (its package's own hook on this signal): no outage to tell of.
    catalogue.health.close()
    void Promise.all(helpers.map((helper) => helper.stop()))
      .then(() => host.close())
      .then(close)
      .then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

/** `--workers`: a whole number from 0 to 64 (default 1). */
function parseWorkers(text: string | undefined): number {
  if (text === undefined) return 1
  const count = Number(text)
  if (!Number.isInteger(count) || count < 0 || count > 64) {
    throw new Error(`--workers takes a whole number from 0 to 64, not "${text}".`)
  }
  return count
}

/** Resolves when `port` on `listen` can be listened on now (0 always can); rejects with the listen error otherwise. */
function portFree(listen: string, port: number): Promise<void> {
  if (port === 0) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(port, listen, () => probe.close(() => resolve()))
  })
}

/** Why the hub could not listen, in words, with what to do. */
function listenFailure(error: NodeJS.ErrnoException, listen: string, port: number): string {
  if (error.code === 'EADDRINUSE') {
    return `port ${port} on ${listen} is taken (another hub or program?): give another with --port N.`
  }
  if (error.code === 'EADDRNOTAVAIL') return `${listen} is not an address of this machine: check --listen.`
  return error.message
}

main().catch((error: unknown) => {
  console.error(`framevault hub: ${(error as Error).message}`)
  process.exit(1)
})
