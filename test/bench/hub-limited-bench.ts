import type { Library } from '../../main/services/library-context'
import type { RemoteBackend } from '../../main/cli/remote-backend'
import { addToCollection, createCollection, deleteCollection } from '../../main/services/collections/collections'
import { shareCollection } from '../../main/services/collections/shares'
import { addPerson } from '../../main/services/people/people'
import { PREFIXES } from './browse-bench'
import { count, millis, percentile, progress, target, type Row } from './figures'
import { syntheticAssets } from './synthetic-assets'

// Issue 60's benchmark row: a client (a commenter limited to one shared collection of 10,000 assets spread over the
// whole hub) browses and searches within 1.5× of an admin on the same hub, over HTTP, in the same run.
const MEMBERS = 10_000
const CLIENT_CUT = 'Bench client cut'
const RUNS = 200
const WARMUP_RUNS = 3
const GOAL = 1.5
const ADD_BATCH = 1_000
const PAGE = 200

interface LimitedScenario {
  measure: string
  channel: 'media:list' | 'media:facets'
  input: (run: number) => Record<string, unknown>
}

const SCENARIOS: LimitedScenario[] = [
  { measure: 'first page', channel: 'media:list', input: (run) => ({ limit: PAGE - (run % 20) }) },
  {
    measure: 'text search, one prefix word',
    channel: 'media:list',
    input: (run) => ({ limit: PAGE, query: PREFIXES[run % PREFIXES.length] }),
  },
  { measure: 'filter counts', channel: 'media:facets', input: () => ({}) },
]

/**
 * Rows of a commenter limited to a shared collection of 10,000 assets (every hundredth of the hub's, made for the rows
 * and deleted after) against the admin's client: p50/p95 of each, alternating, and the p95 ratio.
 */
export async function limitedRows(
  hubLib: Library,
  admin: RemoteBackend,
  clientFor: (token: string) => RemoteBackend,
  assets: number,
): Promise<Row[]> {
  const commenter = clientFor(await clientCutToken(hubLib, assets))
  try {
    return await timedRows(admin, commenter)
  } finally {
    await forgetClientCut(hubLib)
  }
}

/**
 * Deletes "Bench client cut" (and with it its share) if a run left it: the cached hub must hold what the local
 * library holds, or the browse rows' answers differ (its collection is counted in the facets).
 */
export async function forgetClientCut(hubLib: Library): Promise<void> {
  const cut = await hubLib.catalog.repos.collections.byName(CLIENT_CUT)
  if (cut) await deleteCollection(hubLib, cut.id)
}

async function timedRows(admin: RemoteBackend, commenter: RemoteBackend): Promise<Row[]> {
  const rows: Row[] = []
  for (const scenario of SCENARIOS) {
    progress(`a commenter limited to ${count(MEMBERS)} assets: ${scenario.measure}, ${RUNS} runs each side`)
    const ask = (client: RemoteBackend) => (input: unknown) => client.call(scenario.channel, input as never)
    const times = await timedInTurn({ admin: ask(admin), commenter: ask(commenter) }, scenario.input)
    const p95 = { admin: percentile(times.admin, 95), commenter: percentile(times.commenter, 95) }
    const ratio = p95.commenter / p95.admin
    const figures = (name: keyof typeof times) =>
      `p50 ${millis(percentile(times[name], 50))}, p95 ${millis(percentile(times[name], 95))}`
    rows.push({
      measure: `Commenter limited to ${count(MEMBERS)} shared assets: ${scenario.measure}`,
      result: `commenter ${figures('commenter')}; admin ${figures('admin')}; p95 ${ratio.toFixed(2)}×`,
      ...target(ratio <= GOAL, `commenter p95 ≤ ${GOAL}× admin's`),
    })
  }
  return rows
}

/** Times the sides in turn, the order rotating each run, after a warm-up; each side's durations in ms. */
export async function timedInTurn<N extends string>(
  sides: Record<N, (input: unknown) => Promise<unknown>>,
  input: (run: number) => unknown,
): Promise<Record<N, number[]>> {
  const names = Object.keys(sides) as N[]
  for (let run = 0; run < WARMUP_RUNS; run++) for (const name of names) await sides[name](input(run))
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<N, number[]>
  for (let run = 0; run < RUNS; run++) {
    for (let turn = 0; turn < names.length; turn++) {
      const side = names[(run + turn) % names.length]!
      const started = performance.now()
      await sides[side](input(run))
      times[side].push(performance.now() - started)
    }
  }
  return times
}

/** A new commenter's token, limited to "Bench client cut", made now with its members. */
async function clientCutToken(hubLib: Library, assets: number): Promise<string> {
  progress(`sharing ${count(MEMBERS)} assets in "${CLIENT_CUT}"`)
  const cut = (await createCollection(hubLib, CLIENT_CUT)).collection
  const step = Math.max(1, Math.floor(assets / MEMBERS))
  let batch: string[] = []
  let index = 0
  for (const { row } of syntheticAssets(assets)) {
    if (index++ % step === 0) batch.push(row.id)
    if (batch.length === ADD_BATCH) {
      await addToCollection(hubLib, cut.id, batch)
      batch = []
    }
  }
  if (batch.length > 0) await addToCollection(hubLib, cut.id, batch)
  const { person, token } = await addPerson(hubLib, { name: `Bench client ${Date.now()}`, role: 'commenter' }, null)
  await shareCollection(hubLib, cut.id, { personId: person.id })
  return token
}
