import { AppError } from '../../../shared/errors'
import type { LocalLibrary } from '../library-context'
import type { HubCalls } from './push-hub'

/** Which of the library's collections a push sends: every one (the default), none, or those named. */
export type CollectionChoice = 'all' | 'none' | readonly string[]

/** Where one of the library's collections goes on the hub. */
export interface CollectionTarget {
  collectionId: number
  /** Its name here. */
  name: string
  /** Its name on the hub: its own, or with " (from <origin>)" when the hub has another of its name. */
  as: string
  /** The hub's collection; null until it is made there (a dry run never makes it). */
  hubId: number | null
  /** The name of the hub collection an earlier push sent it to, which is gone from the hub since; null if none. */
  formerly: string | null
}

/** The chosen collections' places on the hub, made there when first needed and remembered in the library. */
export interface CollectionTargets {
  /** Where this collection of the library goes; undefined when it was not chosen. */
  of(collectionId: number): CollectionTarget | undefined
  /** The hub's id of the target, the collection made there first when it lacks it; null in a dry run. */
  ensure(target: CollectionTarget): Promise<number | null>
  /** The collections that go up under another name than their own, and the collections made. */
  renamed: Array<{ name: string; as: string }>
}

// A collection's name takes at most 100 characters (CollectionName): a long one is shortened before its suffix.
const NAME_MAX = 100

/**
 * Where each chosen collection goes (issue 64 point 2): to the hub collection an earlier push of this library made
 * for it (remembered in `pushed_collections` by the hub's library id, whatever it is called there now); else to one
 * of its name, made by this push; but when the hub has a collection of that name that is not this one's (someone
 * else's, never merged into silently), to "<name> (from <origin>)", made unless the hub has it.
 */
export async function collectionTargets(
  lib: LocalLibrary,
  hub: HubCalls,
  { choice, origin, dryRun }: { choice: CollectionChoice; origin: string; dryRun: boolean },
): Promise<CollectionTargets> {
  const here = await lib.catalog.repos.collections.list('all')
  const chosen = choice === 'all' ? here : choice === 'none' ? [] : named(here, choice)
  const targets = new Map<number, CollectionTarget>()
  const renamed: CollectionTargets['renamed'] = []
  if (chosen.length === 0) return { of: () => undefined, ensure: async () => null, renamed }
  const hubLibrary = (await hub.call('library:info', {})).id
  const { collections } = await hub.call('collections:list', {})
  const byId = new Map(collections.map((collection) => [collection.id, collection.name]))
  const byName = new Map(collections.map((collection) => [collection.name.toLowerCase(), collection.id]))
  const { pushedCollections } = lib.sqlite.repos
  const before = new Map(pushedCollections.of(hubLibrary).map((row) => [row.collectionId, row]))
  for (const { id, name } of chosen) {
    const went = before.get(id)
    const there = went && byId.get(went.hubCollectionId)
    if (went && there !== undefined) {
      targets.set(id, { collectionId: id, name, as: there, hubId: went.hubCollectionId, formerly: null })
      continue
    }
    const taken = byName.has(name.toLowerCase())
    const as = taken ? `${name.slice(0, NAME_MAX - origin.length - 9)} (from ${origin})` : name
    if (taken) renamed.push({ name, as })
    const formerly = went?.hubName ?? null
    targets.set(id, { collectionId: id, name, as, hubId: byName.get(as.toLowerCase()) ?? null, formerly })
  }
  const noted = new Set<number>()
  return {
    of: (collectionId) => targets.get(collectionId),
    async ensure(target) {
      if (dryRun) return target.hubId
      if (target.hubId === null)
        target.hubId = (await hub.call('collections:create', { name: target.as })).collection.id
      if (!noted.has(target.collectionId)) {
        const { collectionId, hubId, as } = target
        pushedCollections.note(hubLibrary, { collectionId, hubCollectionId: hubId, hubName: as })
        noted.add(collectionId)
      }
      return target.hubId
    },
    renamed,
  }
}

/** The library's collections of these names (in any case); a name it has no collection of is refused. */
function named<T extends { name: string }>(here: T[], names: readonly string[]): T[] {
  const byName = new Map(here.map((collection) => [collection.name.toLowerCase(), collection]))
  const unknown = names.filter((name) => !byName.has(name.toLowerCase()))
  if (unknown.length > 0) {
    throw new AppError('validation', `This library has no collection named ${unknown.map((n) => `"${n}"`).join(', ')}.`)
  }
  return [...new Set(names.map((name) => byName.get(name.toLowerCase())!))]
}
