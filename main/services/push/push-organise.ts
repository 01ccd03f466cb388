import type { MediaAsset } from '../../../shared/contract'
import type { LocalLibrary } from '../library-context'
import type { CollectionTarget, CollectionTargets } from './push-collections'
import type { HubCalls } from './push-hub'
import type { HubRemovals, PushSkip } from './push-removals'

/** Where a page's tags and collection places go, and what the hub removed that must not come back. */
export interface OrganiseTarget {
  lib: LocalLibrary
  hub: HubCalls
  targets: CollectionTargets
  removals: HubRemovals
  /** Notes what is not sent and why (a collection once, however many of its members are asked about). */
  skip(skipped: PushSkip): void
}

/** An asset of the library with its asset on the hub (null while it is only to be sent: a dry run's). */
export type Placed = { asset: MediaAsset; hubId: string | null }

/** What the library gives a page's assets that the hub may take: tags by name, places by collection. */
export interface Organised {
  tags: Map<string, Placed[]>
  members: Map<CollectionTarget, Placed[]>
}

/**
 * The tags and collection places the library gives these assets, but those the hub removed (a tag taken off, an
 * asset taken out of a collection, a collection deleted there), each of these noted as skipped with who and when.
 */
export async function organised(target: OrganiseTarget, placed: Placed[]): Promise<Organised> {
  const { lib, targets, removals, skip } = target
  const { organise, collections } = lib.catalog.repos
  const result: Organised = { tags: new Map(), members: new Map() }
  for (const one of placed) {
    const { asset } = one
    const hash = asset.fileHash!
    for (const tag of await organise.tagsOf(asset.id)) {
      const why = removals.tag(hash, tag)
      if (why) skip({ kind: 'tag', name: asset.name, reason: why })
      else add(result.tags, tag, one)
    }
    for (const { id } of await collections.ofAsset(asset.id)) {
      const place = targets.of(id)
      if (place === undefined) continue
      // Deleted on the hub under the name it has here, or under the one it had there when an earlier push sent it.
      const gone =
        place.hubId === null
          ? (removals.collection(place.as) ??
            (place.formerly === null ? undefined : removals.collection(place.formerly)))
          : undefined
      const why = gone ?? removals.member(hash, place.as)
      // A deleted collection by its name here (the push says it once), a member taken out of it by the asset's.
      if (why) skip({ kind: gone ? 'collection' : 'member', name: gone ? place.name : asset.name, reason: why })
      else add(result.members, place, one)
    }
  }
  return result
}

function add<K, V>(groups: Map<K, V[]>, key: K, value: V): void {
  const group = groups.get(key)
  if (group) group.push(value)
  else groups.set(key, [value])
}

/** Gives the hub's assets these tags and places (what the hub has stays), counted as the hub answers. */
export async function sendOrganised(
  { hub, targets }: OrganiseTarget,
  { tags, members }: Organised,
  counts: { tags: number; collections: { created: number; added: number } },
): Promise<void> {
  for (const [tag, placed] of tags)
    counts.tags += (await hub.call('media:tag', { ids: hubIds(placed), tags: [tag] })).added
  for (const [place, placed] of members) {
    const made = place.hubId === null
    const collectionId = (await targets.ensure(place))!
    if (made) counts.collections.created += 1
    counts.collections.added += (await hub.call('collections:add', { collectionId, ids: hubIds(placed) })).added
  }
}

/** What a dry run says the hub would get: each tag given, each collection with the assets it would take. */
export interface PlannedOrganised {
  tags: Array<{ name: string; tag: string }>
  collections: Array<{ name: string; as: string; create: boolean; add: string[] }>
}

/** Adds to `plan` the tags and places the hub's assets lack (an asset only to be sent lacks them all). */
export async function planOrganised(
  { hub }: OrganiseTarget,
  { tags, members }: Organised,
  plan: PlannedOrganised,
): Promise<void> {
  const there = new Map<string, { tags: Set<string>; collections: Set<number> }>()
  const hubHas = async (hubId: string | null) => {
    if (hubId === null) return { tags: new Set<string>(), collections: new Set<number>() }
    if (!there.has(hubId)) {
      const asset = await hub.call('media:get', { id: hubId })
      const tagged = new Set(asset.tags.map((tag) => tag.toLowerCase()))
      there.set(hubId, { tags: tagged, collections: new Set(asset.collections.map((ref) => ref.id)) })
    }
    return there.get(hubId)!
  }
  for (const [tag, placed] of tags) {
    for (const { asset, hubId } of placed) {
      if (!(await hubHas(hubId)).tags.has(tag.toLowerCase())) plan.tags.push({ name: asset.name, tag })
    }
  }
  for (const [place, placed] of members) {
    let planned = plan.collections.find((one) => one.as === place.as)
    if (!planned) {
      planned = { name: place.name, as: place.as, create: place.hubId === null, add: [] }
      plan.collections.push(planned)
    }
    for (const { asset, hubId } of placed) {
      const held = place.hubId !== null && (await hubHas(hubId)).collections.has(place.hubId)
      if (!held) planned.add.push(asset.name)
    }
  }
}

const hubIds = (placed: Placed[]) => placed.map((one) => one.hubId!)
