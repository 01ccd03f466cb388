import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { isDeepStrictEqual } from 'node:util'
import type { Library } from '../../main/services/library-context'
import { librarySource } from '../../main/app/library-session'
import { openHubLibrary } from '../../main/app/open-hub-library'
import { openLibrary } from '../../main/app/open-library'
import { remoteBackend, type RemoteBackend, type Upload } from '../../main/cli/remote-backend'
import { runHubImport } from '../../main/cli/hub-import'
import { hasEnded } from '../../main/cli/job-end'
import { openHubCatalogue } from '../../main/hub/hub-database'
import { startToken } from '../../main/services/people/people'
import { peopleAccess } from '../../main/web/host-access'
import { startWebHost } from '../../main/web/web-host'
import { compress } from '../../main/web/compression'
import { withTempFolder } from './bench-imports'
import { startBenchHub } from './bench-web-host'
import { PREFIXES, describeLibrary } from './browse-bench'
import { benchDir, ensureCorpus } from './corpus'
import { call } from './dispatch-call'
import {
  count,
  millis,
  percentile,
  printTable,
  progress,
  rate,
  seconds,
  target,
  type BenchOptions,
  type Row,
} from './figures'
import { ensureSyntheticHub } from './synthetic-hub'
import { ensureSyntheticLibrary } from './synthetic-library'
import { forgetClientCut, limitedRows, timedInTurn } from './hub-limited-bench'
import { cpuRows, measureWorkerRounds, workerRows, workersLine } from './workers-bench'

// Issue 34's hub benchmark, measured side by side in one run with a local library. The hub is composed as `npm run
// hub` composes it: its catalogue in the embedded PostgreSQL (openHubCatalogue), its library (openHubLibrary) and
// the web host with each person's token and role. Browsing reads a hub holding the same synthetic assets as the
// local library; uploads and imports go to a new, empty hub.
const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const ASSETS = Number(process.env.FRAMEVAULT_BENCH_ASSETS) || 1_000_000
const RUNS = 200
const PAGE = 200
const HUB_GOAL_MS = 20
// An office's link to a hub elsewhere (issue 63), for what a page's bytes cost in time.
const OFFICE_LINK_BITS_PER_S = 50e6
// Times the large files are copied and uploaded; the fastest of each counts.
const TRANSFER_ROUNDS = 2
// Deep pages: cursors from this far into the default order; a smaller library's second half of its pages.
const DEEP_PAGES = Math.min(1000, Math.floor(ASSETS / PAGE))
// The API is what is timed: the host serves no renderer (its folder is empty).
const EMPTY_RENDERER = mkdtempSync(path.join(os.tmpdir(), 'framevault-hub-bench-'))

interface Scenario {
  measure: string
  channel: 'media:list' | 'media:facets'
  input: (run: number) => Record<string, unknown>
}

/** Browse rows through the hub's HTTP API against the same calls in process; upload and import throughput. */
export async function runHubBench({ fresh }: BenchOptions): Promise<void> {
  const loadBefore = os.loadavg()[0]!.toFixed(2)
  const library = await ensureSyntheticLibrary(ASSETS, { fresh })
  const hub = await ensureSyntheticHub(ASSETS, { fresh })
  const browse = await browseRows(library.dir, hub.dir)
  const transfer = await transferRows()
  // One worker and two on a hub of their own, for the per-job overhead's line (issue 63).
  const workers = await measureWorkerRounds([1, 2])
  const rows = [
    ...browse.rows,
    ...transfer.rows,
    ...workerRows(workers.rounds),
    ...cpuRows(workers.rounds, workers.cores),
  ]
  console.log(`\nHub benchmark: ${os.cpus().length} CPUs, load average before ${loadBefore}`)
  console.log(`Browse: ${count(ASSETS)} synthetic assets, ${RUNS} runs per row and side, the two sides interleaved;`)
  console.log('the hub side is POST /api/<channel> on loopback with a person’s bearer token (signed in per request),')
  console.log('its catalogue on the embedded PostgreSQL; the local library (SQLite) is asked the same way through its')
  console.log('own web host (the target’s baseline), and by dispatch in process (what HTTP and JSON add)')
  console.log(`Hub: ${hub.dir}\n  (${describeLibrary(hub)})`)
  console.log(`Library: ${library.dir}\n  (${describeLibrary(library)})\n`)
  printTable(rows)
  // Issue 63's lines, exactly as its acceptance names them; their baselines are the table's rows of the same run.
  console.log(`upload: ${Math.round((100 * transfer.copySeconds) / transfer.uploadSeconds)}% of plain copy`)
  console.log(`hub import: ${(transfer.hubSeconds / transfer.localSeconds).toFixed(2)}× local`)
  console.log(`hub page p95: ${browse.firstPageP95.toFixed(2)} ms`)
  console.log(await pageWeight(browse.firstPage))
  console.log(workersLine(workers))
}

/** What a first page of the hub weighs as JSON, plain and as the host sends it compressed, and across a 50 Mbit/s link. */
async function pageWeight(page: Buffer): Promise<string> {
  const compressed = await compress('br', page)
  const kb = (bytes: number) => Math.round(bytes / 1024)
  const ms = (bytes: number) => ((bytes * 8) / OFFICE_LINK_BITS_PER_S) * 1000
  return (
    `page JSON: ${kb(page.length)} KB for ${PAGE} assets (${kb(compressed.length)} KB compressed)\n` +
    `  over a 50 Mbit/s link: ${ms(page.length).toFixed(1)} ms plain, ${ms(compressed.length).toFixed(1)} ms compressed`
  )
}

async function browseRows(
  libraryDir: string,
  hubDir: string,
): Promise<{ rows: Row[]; firstPage: Buffer; firstPageP95: number }> {
  const lib = openLibrary(libraryDir, { actor: 'bench' })
  try {
    return await withHub(hubDir, async (hub, hubLib, clientFor) => {
      // A run stopped midway may have left the limited rows' collection: the hub must hold what the library holds.
      await forgetClientCut(hubLib)
      const localHost = await servedOverHttp(lib)
      progress(`walking ${count(DEEP_PAGES)} pages for deep cursors, on both sides`)
      const deep = await deepCursors(lib)
      // The hub walks the same pages, as the local side just did: neither then reads them cold from the disk.
      if (!isDeepStrictEqual(await deepCursors(hubLib), deep))
        throw new Error('the hub pages the default order otherwise')
      await call(lib, 'media:facets', {})
      const scenarios: Scenario[] = [
        { measure: 'First page, default sort', channel: 'media:list', input: (run) => ({ limit: PAGE - (run % 20) }) },
        {
          measure: `Deep keyset page (pages ${count(DEEP_PAGES / 2)}–${count(DEEP_PAGES)})`,
          channel: 'media:list',
          input: (run) => ({ limit: PAGE, cursor: deep[run % deep.length] }),
        },
        {
          measure: 'Filtered + sorted page (video, h264, width ≥ 1920, duration desc)',
          channel: 'media:list',
          input: () => ({
            limit: PAGE,
            filter: { mediaType: ['video'], codec: ['h264'], minWidth: 1920 },
            sort: { by: 'duration', dir: 'desc' },
          }),
        },
        {
          measure: 'Text search, one prefix word',
          channel: 'media:list',
          input: (run) => ({ limit: PAGE, query: PREFIXES[run % PREFIXES.length] }),
        },
        {
          measure: 'Filter counts (media:facets: video, h264, duration ≥ n s)',
          channel: 'media:facets',
          input: (run) => ({ filter: { mediaType: ['video'], codec: ['h264'], minDuration: run % 10 } }),
        },
      ]
      const rows: Row[] = []
      const hubP95s: number[] = []
      try {
        for (const scenario of scenarios) {
          const sides: Sides = {
            hub: (input) => hub.call(scenario.channel, input as never),
            localHttp: (input) => localHost.client.call(scenario.channel, input as never),
            local: (input) => call(lib, scenario.channel, input),
          }
          progress(`${scenario.measure}: the same answers on both sides, then ${RUNS} runs each side`)
          await assertSameAnswers(scenario, sides.local, sides.hub)
          const { row, hubP95 } = await sideBySide(scenario, sides)
          rows.push(row)
          hubP95s.push(hubP95)
        }
        rows.push(...(await limitedRows(hubLib, hub, clientFor, ASSETS)))
        const firstPage = Buffer.from(JSON.stringify({ ok: true, data: await hub.call('media:list', { limit: PAGE }) }))
        return { rows, firstPage, firstPageP95: hubP95s[0]! }
      } finally {
        await localHost.close()
      }
    })
  } finally {
    await lib.close()
  }
}

/**
 * Runs `work` against the hub of the data folder `dataDir` as `npm run hub -- --data dataDir` serves it: its
 * embedded PostgreSQL (made at the first start), its library, and its web host with people's tokens, as the
 * client of an admin's token. Everything stops after, the PostgreSQL server last.
 */
async function withHub<T>(
  dataDir: string,
  work: (hub: RemoteBackend, lib: Library, clientFor: (token: string) => RemoteBackend) => Promise<T>,
): Promise<T> {
  const catalogue = await openHubCatalogue(undefined, dataDir)
  try {
    const lib = await openHubLibrary(path.join(dataDir, 'library'), catalogue, { actor: 'bench' })
    try {
      const host = await servedOverHttp(lib)
      try {
        return await work(host.client, lib, host.clientFor)
      } finally {
        await host.close()
      }
    } finally {
      await lib.close()
    }
  } finally {
    await catalogue.close()
  }
}

// The distinct inputs of the scenarios compared before timing: every prefix, every duration, twelve deep cursors.
const COMPARED_RUNS = 12

/**
 * Throws unless both sides give the same answer to the scenario's first inputs: for a page, its ids in order and
 * its next cursor (so a cursor of one side pages the other alike); for facets, every count. A difference is a
 * conformance bug of the hub's SQL, not a matter of speed.
 */
async function assertSameAnswers(
  scenario: Scenario,
  local: (input: unknown) => Promise<unknown>,
  hub: (input: unknown) => Promise<unknown>,
): Promise<void> {
  for (let run = 0; run < COMPARED_RUNS; run++) {
    const input = scenario.input(run)
    const [mine, theirs] = [summary(await local(input)), summary(await hub(input))]
    if (!isDeepStrictEqual(mine, theirs)) {
      throw new Error(
        `Conformance bug: the hub answers ${scenario.channel} ${JSON.stringify(input)} otherwise than the local ` +
          `library (${scenario.measure}).\nlocal: ${JSON.stringify(mine)}\nhub:   ${JSON.stringify(theirs)}`,
      )
    }
  }
}

/** What of an answer both sides must agree on: a page's ids and cursor, or facet counts whole. */
function summary(answer: unknown): unknown {
  const page = answer as { items?: { id: string }[]; nextCursor?: string | null }
  return page.items ? { ids: page.items.map((item) => item.id), nextCursor: page.nextCursor } : answer
}

/** The three ways a scenario is asked: the hub's HTTP API, the local library's (its web host), and in process. */
interface Sides {
  hub: (input: unknown) => Promise<unknown>
  localHttp: (input: unknown) => Promise<unknown>
  local: (input: unknown) => Promise<unknown>
}

/**
 * Times the sides in turn, the order rotating each run, so load that comes and goes falls on all. The target compares
 * like with like: the hub's HTTP API against the local library's own (its web host with the same per-request sign-in),
 * so that what is timed is the engine behind each; the in-process figure shows what HTTP and JSON add.
 */
async function sideBySide(scenario: Scenario, sides: Sides): Promise<{ row: Row; hubP95: number }> {
  const times = await timedInTurn(sides, scenario.input)
  const p95 = { hub: percentile(times.hub, 95), localHttp: percentile(times.localHttp, 95) }
  const ratio = p95.hub / p95.localHttp
  const figures = (name: keyof typeof times) =>
    `p50 ${millis(percentile(times[name], 50))}, p95 ${millis(percentile(times[name], 95))}`
  const row = {
    measure: scenario.measure,
    result:
      `hub ${figures('hub')}; local over HTTP ${figures('localHttp')}; p95 ${ratio.toFixed(2)}×; ` +
      `local in process ${figures('local')}`,
    ...target(ratio <= 2 && p95.hub <= HUB_GOAL_MS, `hub p95 ≤ 2× local over HTTP and ≤ ${HUB_GOAL_MS} ms`),
  }
  return { row, hubP95: p95.hub }
}

/** A library served over HTTP with people's tokens (as `npm run hub` serves one), and an admin's client of it. */
async function servedOverHttp(
  lib: Library,
): Promise<{ client: RemoteBackend; clientFor(token: string): RemoteBackend; close(): Promise<void> }> {
  const source = librarySource(lib)
  const { token } = await startToken(lib)
  const host = await startWebHost({
    library: source,
    rendererDir: EMPTY_RENDERER,
    port: 0,
    access: peopleAccess(source),
  })
  const clientFor = (personToken: string) => remoteBackend(`http://127.0.0.1:${host.port}`, personToken)
  return { client: clientFor(token), clientFor, close: () => host.close() }
}

async function deepCursors(lib: Library): Promise<string[]> {
  const cursors: string[] = []
  let cursor: string | null = null
  for (let page = 0; page < DEEP_PAGES; page++) {
    const answer: { nextCursor: string | null } = await call(lib, 'media:list', { limit: PAGE, cursor })
    cursor = answer.nextCursor
    if (cursor === null) break
    if (page >= DEEP_PAGES / 2) cursors.push(cursor)
  }
  return cursors
}

/** Uploads against a plain copy of the same files, and 1,000 clips imported through a hub against by path. */
/** The transfer rows, and their times in seconds for issue 63's lines. */
interface Transfer {
  rows: Row[]
  copySeconds: number
  uploadSeconds: number
  hubSeconds: number
  localSeconds: number
}

async function transferRows(): Promise<Transfer> {
  const corpus = await ensureCorpus()
  return withTempFolder(benchDir(), async (folder) => {
    // A hub of its own, as `npm run hub` runs it: the client here and the hub in their own processes, as a person's
    // CLI and a team's hub are. No workers: what is compared is the import, not the thumbnails that follow it.
    const host = await startBenchHub(PROJECT_ROOT, folder, path.join(folder, 'hub'), 0)
    try {
      const url = new URL(host.url)
      const hub = remoteBackend(url.origin, url.searchParams.get('token')!)
      const bytes = (await Promise.all(corpus.large.map((file) => stat(file)))).reduce((sum, { size }) => sum + size, 0)
      progress(`copying and uploading ${corpus.large.length} large files, ${TRANSFER_ROUNDS} times each`)
      // Both read the files from the page cache: the copy, timed first, must not read them cold for the upload.
      execFileSync('cat', corpus.large, { stdio: ['ignore', 'ignore', 'inherit'] })
      // Each side starts with nothing left to write back (one run measured the same upload at 383 and 257 MB/s), and
      // the faster of its rounds counts.
      let [copySeconds, uploadSeconds] = [Infinity, Infinity]
      const uploads: Upload[] = []
      const authorization = `Bearer ${url.searchParams.get('token')!}`
      for (let round = 0; round < TRANSFER_ROUNDS; round++) {
        const copyDir = await mkdtemp(path.join(folder, 'copy-'))
        execFileSync('sync')
        copySeconds = Math.min(
          copySeconds,
          await timedSeconds(async () => {
            for (const file of corpus.large) await copyFile(file, path.join(copyDir, path.basename(file)))
          }),
        )
        await rm(copyDir, { recursive: true })
        // The last round's uploads go (DELETE /upload): only the latest are imported.
        for (const { uploadId } of uploads.splice(0)) {
          await fetch(new URL(`upload?id=${uploadId}`, url), { method: 'DELETE', headers: { authorization } })
        }
        execFileSync('sync')
        uploadSeconds = Math.min(
          uploadSeconds,
          await timedSeconds(async () => {
            for (const file of corpus.large) uploads.push(await hub.upload(file, path.basename(file)))
          }),
        )
      }
      // Not timed: the large files imported, so the hub has hashed and probed before the clips come.
      await importAndFollow(hub, uploads)

      progress(`importing ${count(corpus.clips.length)} clips through the hub (as \`import --hub\` does)`)
      const hubSeconds = await timedSeconds(() => importThroughHub(hub, corpus.clips))
      progress(`importing ${count(corpus.clips.length)} clips into a local library by path`)
      const localSeconds = await withTempFolder(benchDir(), async (localDir) => {
        const local = openLibrary(localDir, { actor: 'bench', ingest: { thumbnailsAfterImport: false } })
        try {
          await local.ingest.hasher()
          return await timedSeconds(async () => {
            await local.importer.start({ source: 'paths', paths: corpus.clips, link: false, importedBy: 'bench' })
            await local.importer.idle()
          })
        } finally {
          await local.close()
        }
      })
      const rows = [
        {
          measure: `Plain copy of ${corpus.large.length} large files (${count(bytes / 1e6)} MB)`,
          result: rate(bytes, copySeconds),
        },
        {
          measure: 'The same files uploaded to the hub (POST /upload, one by one)',
          result: `${rate(bytes, uploadSeconds)}; ${(uploadSeconds / copySeconds).toFixed(2)}× the copy's time`,
        },
        {
          measure: `${count(corpus.clips.length)} clips imported through the hub (pipelined batches, as import --hub sends them)`,
          result: `${seconds(hubSeconds)}; ${(hubSeconds / localSeconds).toFixed(2)}× the local import`,
        },
        { measure: `The same clips imported into a local library by path`, result: seconds(localSeconds) },
      ]
      return { rows, copySeconds, uploadSeconds, hubSeconds, localSeconds }
    } finally {
      await host.stop()
    }
  })
}

/** Imports the hub's uploads as one job and waits for its end; throws unless it is done. */
async function importAndFollow(hub: RemoteBackend, uploads: Upload[]): Promise<void> {
  let { job } = await hub.call('media:import-uploads', { uploads })
  while (!hasEnded(job.state)) {
    await new Promise((resolve) => setTimeout(resolve, 200))
    job = (await hub.call('import:get', { jobId: job.id, limit: 1 })).job
  }
  if (job.state !== 'done') throw new Error(`The hub's import of the large files ended ${JSON.stringify(job)}`)
}

async function timedSeconds(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await run()
  return (performance.now() - started) / 1000
}

/** The CLI's `import --hub`: uploads imported in pipelined batches, followed to their end; throws unless all imported. */
async function importThroughHub(hub: RemoteBackend, files: string[]): Promise<void> {
  const end = await runHubImport(
    hub,
    files,
    () => {},
    () => {},
  )
  if (end.state !== 'done' || end.counts.failed > 0 || end.refused > 0) {
    throw new Error(`The hub's import ended ${JSON.stringify(end)}`)
  }
}
