import { execFileSync } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { remoteBackend, type RemoteBackend } from '../../main/cli/remote-backend'
import { startBenchHub } from './bench-web-host'
import { withTempFolder } from './bench-imports'
import { benchDir, ensureCorpus } from './corpus'
import { count, millis, percentile, printTable, progress, target, type BenchOptions, type Row } from './figures'
import { actUntil, CallTimes, importUntil, PAGE, type Person } from './load-people'
import { postgresBytes, residentBytes } from './process-memory'
import { randomSequence } from './synthetic-assets'
import { ensureSyntheticHub } from './synthetic-hub'

// Issue 63 point 5: fifty people on the 1M hub at once, each with an event stream open, a mix of pages, searches,
// facets, detail opens and tag edits, one of them importing all along; the hub runs one worker. The hub is a copy of
// the cached synthetic one (the load tags and imports; the cache stays as built), served by `npm run hub`'s own entry.
const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const ASSETS = Number(process.env.FRAMEVAULT_BENCH_ASSETS) || 1_000_000
const PEOPLE = 50
const SECONDS = Number(process.env.FRAMEVAULT_BENCH_LOAD_SECONDS) || 300
// A person's pause between two actions: 0.5–1.5 × this (about 50 calls a second from fifty people).
const THINK_MS = Number(process.env.FRAMEVAULT_BENCH_LOAD_THINK_MS) || 1_000
const IMPORT_BATCH = 20
// The writes whose delivery to every stream is timed: a collection renamed this often (nothing else writes one).
const PROBE_EVERY_MS = 2_000
// After the load, how long the streams have to bring the last renames.
const LAST_EVENTS_MS = 5_000
const BASELINE_RUNS = 200
// Memory is compared from this far into the load to its end.
const WARMUP_SECONDS = Math.min(30, SECONDS / 10)
const GOALS = { pageP95Ms: 50, eventP95Ms: 1_000, rssGrowth: 0.2 }

/** The load bench: per-channel times under load against one person alone on the same hub, event delays, memory. */
export async function runHubLoadBench({ fresh }: BenchOptions): Promise<void> {
  const loadBefore = os.loadavg()[0]!.toFixed(2)
  const synthetic = await ensureSyntheticHub(ASSETS, { fresh })
  const { clips } = await ensureCorpus()
  await withTempFolder(benchDir(), async (folder) => {
    const dataDir = path.join(folder, 'hub')
    progress(`copying the hub of ${count(ASSETS)} assets (the load writes to its copy)`)
    execFileSync('cp', ['-a', synthetic.dir, dataDir])
    const host = await startBenchHub(PROJECT_ROOT, folder, dataDir, 1)
    try {
      const url = new URL(host.url)
      const admin = remoteBackend(url.origin, url.searchParams.get('token')!)
      const memory = () => ({ hub: residentBytes(host.pid), postgres: postgresBytes(path.join(dataDir, 'postgres')) })
      progress(`one person alone: ${BASELINE_RUNS} first pages`)
      const alone = new CallTimes()
      for (let run = 0; run < BASELINE_RUNS; run++) {
        await alone.time('page', () => admin.call('media:list', { limit: PAGE - (run % 20) }))
      }
      const before = memory()
      const calls = new CallTimes()
      const people = await signInPeople(admin, url.origin, calls)
      progress(
        `${PEOPLE} people for ${SECONDS} s, each with an event stream; one imports ${IMPORT_BATCH} clips at a time`,
      )
      // Memory once the load settled (connection pools at their size, caches filled): growth after that is the leak.
      const settled = new Promise<Memory>((resolve) => setTimeout(() => resolve(memory()), WARMUP_SECONDS * 1000))
      const load = await underLoad(admin, people, clips, calls)
      printFigures(loadBefore, alone, load, { before, settled: await settled, after: memory() })
    } finally {
      await host.stop()
    }
  })
}

/** The people of the load: fifty editors added by the admin, each with their client and the assets they may open. */
async function signInPeople(admin: RemoteBackend, origin: string, calls: CallTimes): Promise<Person[]> {
  const ids = new Set<string>()
  for (const by of ['imported', 'name', 'duration', 'size', 'resolution'] as const) {
    const page = await admin.call('media:list', { limit: PAGE, sort: { by, dir: 'desc' } })
    for (const item of page.items) ids.add(item.id)
  }
  const people: Person[] = []
  for (let index = 0; index < PEOPLE; index++) {
    const name = `Load ${index + 1}`
    const { token } = await admin.call('people:add', { name, role: 'editor' })
    people.push({ hub: remoteBackend(origin, token), random: randomSequence(index + 1), ids: [...ids], calls, name })
  }
  return people
}

interface Load {
  calls: CallTimes
  /** Each probe's delay to each stream (ms), and the probes a stream never brought. */
  delays: number[]
  missed: number
}

/** Fifty people acting and listening, one importing, the admin renaming the probe collection, until the time is up. */
async function underLoad(
  admin: RemoteBackend,
  people: Person[],
  clips: readonly string[],
  calls: CallTimes,
): Promise<Load> {
  const { collection } = await admin.call('collections:create', { name: 'Load probe' })
  const arrivals = people.map(() => [] as number[])
  const unsubscribe = await Promise.all(
    people.map((person, index) =>
      person.hub.subscribe((event) => {
        if (event.name === 'library:changed' && event.payload.tables.includes('collections')) {
          arrivals[index]!.push(performance.now())
        }
      }),
    ),
  )
  const deadline = performance.now() + SECONDS * 1000
  const sent: number[] = []
  const probes = (async () => {
    while (performance.now() < deadline) {
      sent.push(performance.now())
      await calls.time('collections:rename (probe)', () =>
        admin.call('collections:rename', { id: collection.id, name: `Load probe ${sent.length}` }),
      )
      await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS))
    }
  })()
  await Promise.all([
    probes,
    importUntil(people[0]!.hub, clips, IMPORT_BATCH, deadline, calls),
    ...people.map((person) => actUntil(person, deadline, THINK_MS)),
  ])
  await new Promise((resolve) => setTimeout(resolve, LAST_EVENTS_MS))
  for (const stop of unsubscribe) stop()
  const delays = arrivals.flatMap((times) => times.slice(0, sent.length).map((at, probe) => at - sent[probe]!))
  const missed = arrivals.reduce((sum, times) => sum + Math.max(0, sent.length - times.length), 0)
  return { calls, delays, missed }
}

type Memory = { hub: number; postgres: number }

function printFigures(
  loadBefore: string,
  alone: CallTimes,
  load: Load,
  memory: { before: Memory; settled: Memory; after: Memory },
) {
  const { calls, delays, missed } = load
  const rows: Row[] = [...calls.byKind].map(([kind, { times, errors }]) => ({
    measure: kind,
    result:
      `${count(times.length)} calls, p50 ${millis(percentile(times, 50))}, p95 ${millis(percentile(times, 95))}, ` +
      `p99 ${millis(percentile(times, 99))}; ${errors} error(s)`,
  }))
  const pageP95 = percentile(
    [
      ...(calls.byKind.get('media:list (page)')?.times ?? []),
      ...(calls.byKind.get('media:list (search)')?.times ?? []),
    ],
    95,
  )
  const eventP95 = percentile(delays, 95)
  const mbOf = (bytes: number) => Math.round(bytes / 1e6)
  const grew = (key: keyof Memory) => memory.after[key] / memory.settled[key] - 1
  const span = (key: keyof Memory) => `${mbOf(memory.settled[key])}→${mbOf(memory.after[key])} MB`
  rows.push(
    {
      measure: 'First page, one person alone (before the load, same hub)',
      result: `p50 ${millis(percentile(alone.byKind.get('page')!.times, 50))}, p95 ${millis(alone.p95('page'))}`,
    },
    {
      measure: 'Pages and searches under the load',
      result: `p95 ${millis(pageP95)}; ${(pageP95 / alone.p95('page')).toFixed(2)}× alone`,
      ...target(pageP95 <= GOALS.pageP95Ms, `p95 ≤ ${GOALS.pageP95Ms} ms`),
    },
    {
      measure: `A collection renamed every ${PROBE_EVERY_MS / 1000} s, heard on all ${PEOPLE} streams`,
      result:
        `${count(delays.length)} deliveries, p50 ${millis(percentile(delays, 50))}, p95 ${millis(eventP95)}, ` +
        `p99 ${millis(percentile(delays, 99))}; ${missed} never heard`,
      ...target(eventP95 <= GOALS.eventP95Ms && missed === 0, `p95 ≤ ${GOALS.eventP95Ms} ms, none missed`),
    },
    {
      measure: `Memory ${WARMUP_SECONDS} s into the load → at its end (before the load)`,
      result:
        `hub ${span('hub')} (${mbOf(memory.before.hub)} MB), ` +
        `PostgreSQL ${span('postgres')} (${mbOf(memory.before.postgres)} MB; Pss of its processes)`,
      ...target(grew('hub') <= GOALS.rssGrowth && grew('postgres') <= GOALS.rssGrowth, 'growth ≤ 20% each'),
    },
  )
  console.log(`\nHub load benchmark: ${os.cpus().length} CPUs, load average before ${loadBefore}`)
  console.log(`${PEOPLE} people for ${SECONDS} s on a hub of ${count(ASSETS)} synthetic assets with one worker;`)
  console.log(`each pauses 0.5–1.5 × ${THINK_MS} ms between actions (pages and scrolls 35%, searches 15%, facets 15%,`)
  console.log(`asset details 25%, tag edits 10%); one imports ${IMPORT_BATCH} clips at a time all along\n`)
  printTable(rows)
  for (const failure of [...calls.failures].slice(0, 5)) console.log(`  failed: ${failure}`)
  console.log(
    `load: ${PEOPLE} people, ${calls.requests} requests, ${calls.errors + missed} errors, page p95 ${Math.round(pageP95)} ms, ` +
      `event delay p95 ${Math.round(eventP95)} ms, hub RSS ${span('hub')}, postgres RSS ${span('postgres')}`,
  )
}
