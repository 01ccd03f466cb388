import os from 'node:os'
import type { MediaFilter } from '../../shared/contract'
import type { LocalLibrary } from '../../main/services/library-context'
import { openLibrary } from '../../main/app/open-library'
import { searchParams } from '../../main/services/assets/media-search'
import { browserRows } from './browse-browser'
import {
  count,
  millis,
  percentile,
  printTable,
  progress,
  seconds,
  target,
  type BenchOptions,
  type Row,
} from './figures'
import { readPlan } from './query-plan'
import { explain, traceGroupedCount, traceSearchQueries, type TracedQuery } from './sql-trace'
import { ensureSyntheticLibrary, type SyntheticLibrary } from './synthetic-library'
import { firstFacetsInNewProcess } from './first-facets-process'
import { call } from './dispatch-call'

/** One timed request shape: a channel, and its input for the n-th run (varied so no run repeats the last). */
interface Scenario {
  measure: string
  channel: 'media:list' | 'media:facets'
  input: (run: number) => Record<string, unknown>
  goalMs: number
  /** Timed once the facet index is read, as in the app, whose filter panel asks for counts at once. */
  afterFacetIndex?: true
}

/** What a scenario's runs gave: the times, the statements the handler ran and their plans. */
interface Measured {
  times: number[]
  /** This process's CPU milliseconds per run: what the run cost when other processes take turns on the cores. */
  cpu: number[]
  queries: Array<{ query: TracedQuery; plan: string[] }>
}

// The issue asks for a million assets; FRAMEVAULT_BENCH_ASSETS makes a quicker, smaller run.
const ASSETS = Number(process.env.FRAMEVAULT_BENCH_ASSETS) || 1_000_000
// FRAMEVAULT_BENCH_BROWSER=0 leaves out the Chromium part (a machine without Chromium, or the database alone).
const WITH_BROWSER = process.env.FRAMEVAULT_BENCH_BROWSER !== '0'
// FRAMEVAULT_BENCH_ONLY=<words> times only the rows whose name holds them (case ignored), without the baselines;
// the walk of the whole order (minutes at a million) runs only when the deep page row is among them.
const ONLY = process.env.FRAMEVAULT_BENCH_ONLY?.toLowerCase()
const wanted = (measure: string) => ONLY === undefined || measure.toLowerCase().includes(ONLY)
const RUNS = Math.max(200, Number(process.env.FRAMEVAULT_BENCH_RUNS) || 200)
const BASELINE_RUNS = 10
// Untimed runs first: the first call prepares the statements, a once-per-process cost.
const WARMUP_RUNS = 3
// What the browse grid asks for per page.
const PAGE = 200
const PAGE_GOAL_MS = 10
const FACETS_GOAL_MS = 50
/** The prefix words the text-search rows ask in turn (the hub's rows ask the same). */
export const PREFIXES = ['caf', 'zür', 'sun', 'inter', 'dro', 'krak', 'mala', 'glac', 'wed', 'fest', 'harb', 'nai']
const FILTERED: MediaFilter[] = [
  { mediaType: ['video'], codec: ['h264'], minWidth: 1920 },
  { mediaType: ['video'], codec: ['hevc'], minWidth: 1920 },
  { mediaType: ['video'], codec: ['h264'], minWidth: 3840 },
  { mediaType: ['video'], codec: ['h264', 'hevc'], minWidth: 1280 },
]

/** How the synthetic library came to be, for a header: built now or cached, by what, in how long. */
export function describeLibrary(built: SyntheticLibrary): string {
  const made = built.builtNow ? 'built by this run' : 'cached (--fresh builds it again)'
  return `${made}; generator ${built.generator}, schema ${built.schema}; the build took ${seconds(built.buildSeconds)}`
}

/** Builds (with --fresh, again) or finds the synthetic library alone, so its build is timed as a step of its own. */
export async function runBrowseLibraryStep(options: BenchOptions): Promise<void> {
  const built = await ensureSyntheticLibrary(ASSETS, options)
  console.log(`Library of ${count(ASSETS)} synthetic assets: ${built.dir}\n  (${describeLibrary(built)})`)
}

/** Measures browsing a large library through the real handlers, then the grid in Chromium, and prints a table. */
export async function runBrowseBench(options: BenchOptions): Promise<void> {
  const loadBefore = os.loadavg()[0]!.toFixed(2)
  const built = await ensureSyntheticLibrary(ASSETS, options)
  const lib = openLibrary(built.dir, { actor: 'bench' })
  const rows: Row[] = []
  const plans: string[] = []
  try {
    rows.push(...(await databaseRows(lib, plans)))
  } finally {
    await lib.close()
  }
  console.log(`\nBrowse benchmark, database: ${os.cpus().length} CPUs, load average before ${loadBefore}`)
  console.log(`Library of ${count(ASSETS)} synthetic assets: ${built.dir}`)
  console.log(`  (${describeLibrary(built)})`)
  console.log(`Each figure: ${count(RUNS)} runs through dispatch (zod in and out, as every host), page size ${PAGE}`)
  console.log('Times are wall clock (the verdicts); CPU is this process alone, which a busy machine does not inflate\n')
  printTable(rows)
  console.log(`\nQuery plans (EXPLAIN QUERY PLAN of each statement the handler ran):\n${plans.join('\n')}`)
  // Printed apart and after: the database figures stand even when Chromium is missing or fails.
  if (!WITH_BROWSER) return
  const loadNow = os.loadavg()[0]!.toFixed(2)
  const browser = await browserRows()
  console.log(`\nBrowse benchmark, grid in Chromium: load average before ${loadNow}`)
  console.log(`Grid: ${browser.note}\n`)
  printTable(browser.rows)
}

async function databaseRows(lib: LocalLibrary, plans: string[]): Promise<Row[]> {
  const walking = wanted('Deep keyset page')
  if (walking) progress(`walking all ${count(ASSETS)} assets in the default order with media:list cursors`)
  const walk = walking ? await walkCursors(lib) : { cursors: [], ids: 0, seconds: 0 }
  // Cursors from the second half of the order, spread over it: each run starts at another depth.
  const deep = walk.cursors.slice(Math.floor(walk.cursors.length / 2))
  const deepCursor = (run: number) => deep[Math.floor((run * deep.length) / RUNS) % deep.length]!
  const scenarios: Scenario[] = [
    {
      measure: 'First page, default sort (newest import)',
      channel: 'media:list',
      // Limits around the grid's page size: no two runs in a row ask the same.
      input: (run) => ({ limit: PAGE - (run % 20), cursor: null }),
      goalMs: PAGE_GOAL_MS,
    },
    {
      measure: `Deep keyset page (cursors of pages ${count(walk.cursors.length / 2)}–${count(walk.cursors.length)})`,
      channel: 'media:list',
      input: (run) => ({ limit: PAGE, cursor: deepCursor(run) }),
      goalMs: PAGE_GOAL_MS,
    },
    {
      measure: 'Filtered + sorted page (video, h264, width ≥ 1920, duration desc; 4 variants)',
      channel: 'media:list',
      input: (run) => ({ limit: PAGE, cursor: null, filter: FILTERED[run % 4], sort: { by: 'duration', dir: 'desc' } }),
      goalMs: PAGE_GOAL_MS,
    },
    {
      measure: `Text search, one prefix word (${PREFIXES.length} words: "caf", "zür", …)`,
      channel: 'media:list',
      input: (run) => ({ limit: PAGE, cursor: null, query: PREFIXES[run % PREFIXES.length] }),
      goalMs: PAGE_GOAL_MS,
      // Windows of the order are tested against the facet index's marks in memory (media-search.ts).
      afterFacetIndex: true,
    },
    {
      // By name the order's windows spread over the whole text index: every match is marked.
      measure: `Text search by name, one prefix word (the same ${PREFIXES.length} words)`,
      channel: 'media:list',
      input: (run) => ({
        limit: PAGE,
        cursor: null,
        query: PREFIXES[run % PREFIXES.length],
        sort: { by: 'name', dir: 'asc' },
      }),
      goalMs: PAGE_GOAL_MS,
      afterFacetIndex: true,
    },
    {
      measure: 'Filter counts (media:facets: video, h264, duration ≥ n s)',
      channel: 'media:facets',
      input: (run) => ({ filter: { mediaType: ['video'], codec: ['h264'], minDuration: run % 10 } }),
      goalMs: FACETS_GOAL_MS,
      afterFacetIndex: true,
    },
    {
      measure: 'Filter counts (media:facets: video, h264/hevc, with audio or not)',
      channel: 'media:facets',
      input: (run) => ({ filter: { mediaType: ['video'], codec: [run % 2 ? 'h264' : 'hevc'], hasAudio: run % 4 < 2 } }),
      goalMs: FACETS_GOAL_MS,
      afterFacetIndex: true,
    },
    {
      measure: `Filter counts (media:facets: a prefix word of the ${PREFIXES.length}, video)`,
      channel: 'media:facets',
      input: (run) => ({ query: PREFIXES[run % PREFIXES.length], filter: { mediaType: ['video'] } }),
      goalMs: FACETS_GOAL_MS,
      afterFacetIndex: true,
    },
    // The Library's default view stacks related files: each walked row probes stack_members (migration 0310).
    {
      measure: 'First page, stacks collapsed (the Library’s default view)',
      channel: 'media:list',
      input: (run) => ({ limit: PAGE - (run % 20), cursor: null, filter: { collapseStacks: true } }),
      goalMs: PAGE_GOAL_MS,
    },
    {
      measure: 'Filter counts (media:facets: stacks collapsed, video, h264/hevc)',
      channel: 'media:facets',
      input: (run) => ({ filter: { collapseStacks: true, mediaType: ['video'], codec: [run % 2 ? 'h264' : 'hevc'] } }),
      goalMs: FACETS_GOAL_MS,
      afterFacetIndex: true,
    },
  ]
  const rows: Row[] = walking
    ? [
        {
          measure: `Walk of the whole order, ${count(walk.cursors.length + 1)} pages of ${PAGE}`,
          result: `${seconds(walk.seconds)}, ${count(walk.ids)} distinct assets`,
        },
      ]
    : []
  if (scenarios.some((s) => s.afterFacetIndex && wanted(s.measure))) {
    progress('first media:facets of a new process: without and with the snapshot of the facet index')
    rows.push(...(await firstFacetsInNewProcess(lib.dir)))
    // Traced apart (a new index over a recording handle), so the timings above are the real index's.
    const traced = await traceSearchQueries(lib, () => call(lib, 'media:facets', {}))
    const queries = traced.map((query) => ({ query, plan: explain(lib.sqlite.db, query) }))
    plans.push(...planLines('Filter counts, first call of a process', { times: [], cpu: [], queries }))
    const grouped = (await traceGroupedCount(lib)).map((query) => ({ query, plan: explain(lib.sqlite.db, query) }))
    plans.push(...planLines('Filter counts while the index is first read', { times: [], cpu: [], queries: grouped }))
  }
  const measured = new Map<Scenario, Measured>()
  for (const scenario of scenarios.filter((s) => wanted(s.measure))) {
    progress(`${scenario.measure}: ${RUNS} runs`)
    const result = await measure(lib, scenario)
    measured.set(scenario, result)
    rows.push(scenarioRow(scenario, result))
    plans.push(...planLines(scenario.measure, result))
  }
  if (ONLY === undefined) rows.push(...baselineRows(lib, measured, scenarios, walk.cursors.length / 2))
  return rows
}

/** Follows nextCursor from the first page to the last; returns every cursor handed out. */
async function walkCursors(lib: LocalLibrary): Promise<{ cursors: string[]; ids: number; seconds: number }> {
  const started = performance.now()
  const cursors: string[] = []
  const ids = new Set<string>()
  let cursor: string | null = null
  do {
    const page = (await call(lib, 'media:list', { limit: PAGE, cursor })) as {
      items: Array<{ id: string }>
      nextCursor: string | null
    }
    for (const item of page.items) ids.add(item.id)
    cursor = page.nextCursor
    if (cursor !== null) cursors.push(cursor)
  } while (cursor !== null)
  if (ids.size !== ASSETS) throw new Error(`The walk met ${ids.size} distinct assets, not ${ASSETS}`)
  return { cursors, ids: ids.size, seconds: (performance.now() - started) / 1000 }
}

async function measure(lib: LocalLibrary, scenario: Scenario): Promise<Measured> {
  // The first facets are timed in a process of their own: this one's index is read here, as the app's filter panel
  // reads it (without, a text search walks with its text tested in SQL, the baseline row's figure), and so is the
  // order by name, as the app's first search by name reads it (in turns, while its windows come from the index).
  if (scenario.afterFacetIndex) {
    await call(lib, 'media:facets', {})
    await lib.browse.warm()
  }
  const traced = await traceSearchQueries(lib, () => call(lib, scenario.channel, scenario.input(0)), {
    warm: scenario.afterFacetIndex === true,
  })
  const queries = traced.map((query) => ({ query, plan: explain(lib.sqlite.db, query) }))
  for (let run = 0; run < WARMUP_RUNS; run++) await call(lib, scenario.channel, scenario.input(run))
  const times: number[] = []
  const cpu: number[] = []
  for (let run = 0; run < RUNS; run++) {
    const input = scenario.input(run)
    const cpuBefore = process.cpuUsage()
    const started = performance.now()
    await call(lib, scenario.channel, input)
    times.push(performance.now() - started)
    const used = process.cpuUsage(cpuBefore)
    cpu.push((used.user + used.system) / 1000)
  }
  return { times, cpu, queries }
}

function scenarioRow(scenario: Scenario, { times, cpu, queries }: Measured): Row {
  const p95 = percentile(times, 95)
  const scans = queries.flatMap(({ query, plan }) => readPlan(query.sql, plan).tableScans)
  return {
    measure: scenario.measure,
    result:
      `p50 ${millis(percentile(times, 50))}, p95 ${millis(p95)}, max ${millis(Math.max(...times))}` +
      ` (CPU p50 ${millis(percentile(cpu, 50))}, p95 ${millis(percentile(cpu, 95))})`,
    ...(scans.length > 0
      ? { target: `p95 ≤ ${scenario.goalMs} ms, no scan of videos`, verdict: 'FAIL (scans videos)' }
      : target(p95 <= scenario.goalMs, `p95 ≤ ${scenario.goalMs} ms`)),
  }
}

function planLines(measure: string, { queries }: Measured): string[] {
  const lines = [`\n${measure}`]
  for (const { query, plan } of queries) {
    const reading = readPlan(query.sql, plan)
    lines.push(`  ${query.sql.replace(/\s+/g, ' ').trim().slice(0, 150)}…`)
    for (const step of plan) {
      const mark = reading.tableScans.includes(step)
        ? '  <- FAIL: scans the videos table'
        : reading.indexScans.includes(step)
          ? '  <- reads one whole covering index (no table rows)'
          : reading.indexWalks.includes(step)
            ? '  <- walks one whole index (no LIMIT); generated columns never show as covering'
            : ''
      lines.push(`      ${step}${mark}`)
    }
  }
  return lines
}

/**
 * The same work done the way the indexes and cursors avoid, in this run: the first page's
 * statement with OFFSET at the deep pages' middle depth, the filtered page with its indexes
 * switched off (NOT INDEXED), the text search without the facet index's marks, and the cheapest
 * read of every asset (count(*)) beside the facets.
 */
function baselineRows(
  lib: LocalLibrary,
  measured: Map<Scenario, Measured>,
  scenarios: Scenario[],
  halfway: number,
): Row[] {
  const [first, deep, filtered, text] = scenarios.map((s) => measured.get(s)!)
  const facets = measured.get(scenarios.find((s) => s.channel === 'media:facets')!)
  const firstSql = first!.queries.at(-1)!.query
  const offset = Math.round(halfway * 1.5) * PAGE
  const offsetSql = firstSql.sql.replace(/LIMIT @limit\s*$/, 'LIMIT @limit OFFSET @offset')
  const rows: Row[] = [
    {
      measure: '  deep keyset page / first page (p50)',
      result: `${(percentile(deep!.times, 50) / percentile(first!.times, 50)).toFixed(2)}×`,
    },
  ]
  const time = (sql: string, args: unknown[]) => timeStatement(lib, sql, args, BASELINE_RUNS)
  if (offsetSql !== firstSql.sql) {
    const args = [{ ...(firstSql.args[0] as object), offset, limit: PAGE }]
    const times = time(offsetSql, args)
    rows.push(baseline(`  baseline: same page by OFFSET ${count(offset)} (SQL only)`, times, deep!.times))
  }
  const filteredSql = filtered!.queries.at(-1)!.query
  const unindexed = filteredSql.sql.replace(
    /\bFROM videos v (?:INDEXED BY \w+ )?WHERE\b/,
    'FROM videos v NOT INDEXED WHERE',
  )
  if (unindexed !== filteredSql.sql) {
    const times = time(unindexed, filteredSql.args)
    rows.push(baseline('  baseline: filtered page, indexes off (NOT INDEXED, SQL only)', times, filtered!.times))
  }
  // The repo without the facet index's marks tests text in SQL, as a first search before any count does.
  const unmarked = Array.from({ length: BASELINE_RUNS }, (_, run) => {
    const started = performance.now()
    lib.sqlite.repos.search.page(searchParams(PREFIXES[run % PREFIXES.length]), 'imported', true, null, PAGE)
    return performance.now() - started
  })
  rows.push(baseline('  baseline: same text search, text tested in SQL (no marks, repo only)', unmarked, text!.times))
  const counted = time('SELECT count(*) FROM videos', [])
  rows.push(baseline('  floor: count(*) of all assets (SQL only)', counted, facets!.times))
  return rows
}

function baseline(measure: string, times: number[], against: number[]): Row {
  const ratio = percentile(times, 50) / percentile(against, 50)
  return {
    measure: `${measure}, ${BASELINE_RUNS} runs`,
    result: `p50 ${millis(percentile(times, 50))} (${ratio.toPrecision(2)}× the measured query's p50)`,
  }
}

function timeStatement(lib: LocalLibrary, sql: string, args: unknown[], runs: number): number[] {
  const statement = lib.sqlite.db.prepare(sql)
  return Array.from({ length: runs }, () => {
    const started = performance.now()
    statement.all(...args)
    return performance.now() - started
  })
}
