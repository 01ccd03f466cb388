import { mkdtempSync } from 'node:fs'
import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Library } from '../../main/app/library-context'
import { librarySource } from '../../main/app/library-session'
import { openLibrary } from '../../main/app/open-library'
import { remoteBackend, type RemoteBackend } from '../../main/cli/remote-backend'
import { runHubImport } from '../../main/cli/hub-import'
import { startToken } from '../../main/services/people/people'
import { peopleAccess } from '../../main/web/host-access'
import { startWebHost, type WebHost } from '../../main/web/web-host'
import { withTempFolder } from './bench-imports'
import { benchDir, ensureCorpus } from './corpus'
import { call } from './dispatch-call'
import { count, millis, percentile, printTable, progress, rate, seconds, target, type Row } from './figures'
import { ensureSyntheticLibrary } from './synthetic-library'

// Issue 34's hub benchmark, measured side by side in one run with a local library. The hub here is `npm run hub`
// as it stands: the web host with each person's token and role, over a library on this machine; its catalogue on
// PostgreSQL comes as the remaining domains move, and this bench then times that.
const ASSETS = Number(process.env.FRAMEVAULT_BENCH_ASSETS) || 1_000_000
const RUNS = 200
const WARMUP_RUNS = 3
const PAGE = 200
const HUB_GOAL_MS = 20
const PREFIXES = ['caf', 'zür', 'sun', 'inter', 'dro', 'krak', 'mala', 'glac', 'wed', 'fest', 'harb', 'nai']
// Deep pages: cursors from this far into the default order (of ASSETS / PAGE pages).
const DEEP_PAGES = 1000
// The API is what is timed: the host serves no renderer (its folder is empty).
const EMPTY_RENDERER = mkdtempSync(path.join(os.tmpdir(), 'framevault-hub-bench-'))

interface Scenario {
  measure: string
  channel: 'media:list' | 'media:facets'
  input: (run: number) => Record<string, unknown>
}

/** Browse rows through the hub's HTTP API against the same calls in process; upload and import throughput. */
export async function runHubBench(): Promise<void> {
  const loadBefore = os.loadavg()[0]!.toFixed(2)
  const rows = [...(await browseRows()), ...(await transferRows())]
  console.log(`\nHub benchmark: ${os.cpus().length} CPUs, load average before ${loadBefore}`)
  console.log(`Browse: ${count(ASSETS)} synthetic assets, ${RUNS} runs per row and side, the two sides interleaved;`)
  console.log('the hub side is POST /api/<channel> on loopback with a person’s bearer token (signed in per request)\n')
  printTable(rows)
}

async function browseRows(): Promise<Row[]> {
  const built = await ensureSyntheticLibrary(ASSETS, { fresh: false })
  const lib = openLibrary(built.dir, { actor: 'bench' })
  let host: WebHost | undefined
  try {
    const { token } = await startToken(lib)
    host = await startWebHost({
      library: lib,
      rendererDir: EMPTY_RENDERER,
      port: 0,
      access: peopleAccess(librarySource(lib)),
    })
    const hub = remoteBackend(`http://127.0.0.1:${host.port}`, token)
    progress(`walking ${count(DEEP_PAGES)} pages for deep cursors`)
    const deep = await deepCursors(lib)
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
    for (const scenario of scenarios) {
      progress(`${scenario.measure}: ${RUNS} runs each side`)
      rows.push(
        await sideBySide(
          scenario,
          (input) => call(lib, scenario.channel, input),
          (input) => hub.call(scenario.channel, input as never),
        ),
      )
    }
    return rows
  } finally {
    await host?.close()
    await lib.close()
  }
}

/** Times the two sides alternately, so load that comes and goes falls on both. */
async function sideBySide(
  scenario: Scenario,
  local: (input: unknown) => Promise<unknown>,
  hub: (input: unknown) => Promise<unknown>,
): Promise<Row> {
  for (let run = 0; run < WARMUP_RUNS; run++) await Promise.all([local(scenario.input(run)), hub(scenario.input(run))])
  const times = { local: [] as number[], hub: [] as number[] }
  for (let run = 0; run < RUNS; run++) {
    const input = scenario.input(run)
    for (const side of run % 2 ? (['hub', 'local'] as const) : (['local', 'hub'] as const)) {
      const started = performance.now()
      await (side === 'hub' ? hub : local)(input)
      times[side].push(performance.now() - started)
    }
  }
  const p95 = { local: percentile(times.local, 95), hub: percentile(times.hub, 95) }
  const ratio = p95.hub / p95.local
  return {
    measure: scenario.measure,
    result:
      `hub p50 ${millis(percentile(times.hub, 50))}, p95 ${millis(p95.hub)}; ` +
      `local p50 ${millis(percentile(times.local, 50))}, p95 ${millis(p95.local)}; p95 ${ratio.toFixed(2)}×`,
    ...target(ratio <= 2 && p95.hub <= HUB_GOAL_MS, `hub p95 ≤ 2× local and ≤ ${HUB_GOAL_MS} ms`),
  }
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
async function transferRows(): Promise<Row[]> {
  const corpus = await ensureCorpus()
  return withTempFolder(benchDir(), async (folder) => {
    const lib = openLibrary(path.join(folder, 'hub'), { actor: 'bench' })
    const host = await startWebHost({
      library: lib,
      rendererDir: EMPTY_RENDERER,
      port: 0,
      access: peopleAccess(librarySource(lib)),
    })
    try {
      const { token } = await startToken(lib)
      const hub = remoteBackend(`http://127.0.0.1:${host.port}`, token)
      await lib.ingest.hasher()
      const bytes = (await Promise.all(corpus.large.map((file) => stat(file)))).reduce((sum, { size }) => sum + size, 0)
      progress(`copying and uploading ${corpus.large.length} large files`)
      const copyDir = await mkdtemp(path.join(folder, 'copy-'))
      const copySeconds = await timedSeconds(async () => {
        for (const file of corpus.large) await copyFile(file, path.join(copyDir, path.basename(file)))
      })
      await rm(copyDir, { recursive: true })
      const uploadSeconds = await timedSeconds(async () => {
        for (const file of corpus.large) await hub.upload(file, path.basename(file))
      })

      progress(`importing ${count(corpus.clips.length)} clips through the hub (as \`import --hub\` does)`)
      const hubSeconds = await timedSeconds(() => importThroughHub(hub, corpus.clips))
      progress(`importing ${count(corpus.clips.length)} clips into a local library by path`)
      const localSeconds = await withTempFolder(benchDir(), async (localDir) => {
        const local = openLibrary(localDir, { actor: 'bench' })
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
      return [
        {
          measure: `Plain copy of ${corpus.large.length} large files (${count(bytes / 1e6)} MB)`,
          result: rate(bytes, copySeconds),
        },
        {
          measure: 'The same files uploaded to the hub (POST /upload, one by one)',
          result: `${rate(bytes, uploadSeconds)}; ${(uploadSeconds / copySeconds).toFixed(2)}× the copy's time`,
        },
        {
          measure: `${count(corpus.clips.length)} clips imported through the hub (upload each, then import)`,
          result: `${seconds(hubSeconds)}; ${(hubSeconds / localSeconds).toFixed(2)}× the local import`,
        },
        { measure: `The same clips imported into a local library by path`, result: seconds(localSeconds) },
      ]
    } finally {
      await host.close()
      await lib.close()
    }
  })
}

async function timedSeconds(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await run()
  return (performance.now() - started) / 1000
}

/** The CLI's `import --hub`: each file uploaded, then one import followed to its end; throws unless all imported. */
async function importThroughHub(hub: RemoteBackend, files: string[]): Promise<void> {
  const { job, refused } = await runHubImport(
    hub,
    files,
    () => {},
    () => {},
  )
  if (job?.state !== 'done' || job.counts.failed > 0 || refused > 0) {
    throw new Error(`The hub's import ended ${JSON.stringify(job)} with ${refused} upload(s) refused`)
  }
}
