import type { RemoteBackend } from '../../main/cli/remote-backend'
import { runHubImport } from '../../main/cli/hub-import'
import type { MediaFilter, MediaSortKey } from '../../shared/contract'
import { percentile } from './figures'

/** Every call of the load, by what it was: its times (ms) and its failures, each failure's words kept once. */
export class CallTimes {
  readonly byKind = new Map<string, { times: number[]; errors: number }>()
  readonly failures = new Set<string>()

  async time<T>(kind: string, call: () => Promise<T>): Promise<T | undefined> {
    const entry = this.byKind.get(kind) ?? { times: [], errors: 0 }
    this.byKind.set(kind, entry)
    const started = performance.now()
    try {
      const answer = await call()
      entry.times.push(performance.now() - started)
      return answer
    } catch (error) {
      entry.errors += 1
      this.failures.add(`${kind}: ${(error as Error).message}`)
      return undefined
    }
  }

  get requests(): number {
    return [...this.byKind.values()].reduce((sum, { times, errors }) => sum + times.length + errors, 0)
  }

  get errors(): number {
    return [...this.byKind.values()].reduce((sum, { errors }) => sum + errors, 0)
  }

  p95(kind: string): number {
    return percentile(this.byKind.get(kind)?.times ?? [], 95)
  }
}

export const PAGE = 200
const SORTS: MediaSortKey[] = ['imported', 'name', 'duration', 'size', 'resolution']
const PREFIXES = ['caf', 'zür', 'sun', 'inter', 'dro', 'krak', 'mala', 'glac', 'wed', 'fest', 'harb', 'nai']
const FILTERS: MediaFilter[] = [
  {},
  { mediaType: ['video'] },
  { mediaType: ['video'], codec: ['h264'] },
  { mediaType: ['image'] },
  { minDuration: 30 },
  { minWidth: 1920 },
]

/** What a person does, with how often (out of 100): browse pages, search, filter, open an asset, tag one. */
const ACTIONS: [weight: number, act: (person: Person) => Promise<unknown>][] = [
  [35, browsePages],
  [15, search],
  [15, filterCounts],
  [25, openAsset],
  [10, tagAsset],
]

/** One simulated person: their client, their choices, the assets they may open, where their calls are timed. */
export interface Person {
  hub: RemoteBackend
  random: () => number
  ids: readonly string[]
  calls: CallTimes
  /** Whether their last tag edit added their tag (the next one takes it off again). */
  tagged?: boolean
  name: string
}

const pick = <T>(person: Person, from: readonly T[]): T => from[Math.floor(person.random() * from.length)]!

/** Until `deadline` (performance.now()), one weighted action after another, each after a pause of 0.5–1.5 × thinkMs. */
export async function actUntil(person: Person, deadline: number, thinkMs: number): Promise<void> {
  const total = ACTIONS.reduce((sum, [weight]) => sum + weight, 0)
  while (performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, thinkMs * (0.5 + person.random())))
    let roll = person.random() * total
    const [, act] = ACTIONS.find(([weight]) => (roll -= weight) < 0)!
    await act(person)
  }
}

/** A first page in some order, then as often as not the next one (a scroll). */
async function browsePages(person: Person): Promise<void> {
  const sort = { by: pick(person, SORTS), dir: person.random() < 0.5 ? ('asc' as const) : ('desc' as const) }
  const first = await person.calls.time('media:list (page)', () => person.hub.call('media:list', { limit: PAGE, sort }))
  if (first?.nextCursor && person.random() < 0.5) {
    await person.calls.time('media:list (page)', () =>
      person.hub.call('media:list', { limit: PAGE, sort, cursor: first.nextCursor }),
    )
  }
}

function search(person: Person) {
  return person.calls.time('media:list (search)', () =>
    person.hub.call('media:list', { limit: PAGE, query: pick(person, PREFIXES) }),
  )
}

function filterCounts(person: Person) {
  return person.calls.time('media:facets', () => person.hub.call('media:facets', { filter: pick(person, FILTERS) }))
}

function openAsset(person: Person) {
  return person.calls.time('media:get', () => person.hub.call('media:get', { id: pick(person, person.ids) }))
}

/** Adds the person's own tag to an asset, or takes it off the one tagged last. */
async function tagAsset(person: Person): Promise<void> {
  const edit = { ids: [pick(person, person.ids)], tags: [`load ${person.name}`] }
  const channel = person.tagged ? 'media:untag' : 'media:tag'
  await person.calls.time(channel, () => person.hub.call(channel, edit))
  person.tagged = !person.tagged
}

/** Until `deadline`, imports `clips` through the hub `batch` at a time, as `import --hub` does; a failed one counts. */
export async function importUntil(
  hub: RemoteBackend,
  clips: readonly string[],
  batch: number,
  deadline: number,
  calls: CallTimes,
): Promise<void> {
  for (let from = 0; performance.now() < deadline; from = (from + batch) % clips.length) {
    await calls.time(`import --hub (${batch} clips)`, async () => {
      const end = await runHubImport(
        hub,
        clips.slice(from, from + batch),
        () => {},
        () => {},
      )
      if (end.state !== 'done' || end.counts.failed + end.refused > 0) {
        throw new Error(`the import ended ${end.state ?? 'unstarted'}, ${end.refused} upload(s) refused`)
      }
    })
  }
}
