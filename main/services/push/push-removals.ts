import type { ChannelOutput } from '../../../shared/contract'
import type { HubCalls } from './push-hub'

/** Something a push did not send, with why, in a person's words. */
export interface PushSkip {
  kind: 'asset' | 'tag' | 'member' | 'collection'
  /** The asset's name (for an asset, a tag or a membership), or the collection's. */
  name: string
  reason: string
}

type Removed = { by: string; at: string }

/** What the hub says was removed there (media:removed), looked up as a push decides what to send. */
export interface HubRemovals {
  /** Why a content deleted on the hub is not sent; undefined when it was not. */
  asset(hash: string): string | undefined
  /** Why a tag taken off this content on the hub is not given again. */
  tag(hash: string, tag: string): string | undefined
  /** Why this content, taken out of the hub's collection `collection`, is not put back. */
  member(hash: string, collection: string): string | undefined
  /** Why a collection deleted on the hub is not made again. */
  collection(name: string): string | undefined
}

// Tags and collections are the same whatever their case (as the hub compares them).
const key = (...parts: string[]) => parts.map((part) => part.toLowerCase()).join('\n')
const byOn = ({ by, at }: Removed) => `on the hub by ${by} on ${at.slice(0, 10)}: not sent`

/** Asks the hub what was removed there of these contents, and every collection deleted there. */
export async function hubRemovals(hub: HubCalls, hashes: readonly string[]): Promise<HubRemovals> {
  // A page without contents sends nothing the hub could have removed: nothing to ask.
  const removed: ChannelOutput<'media:removed'> =
    hashes.length === 0
      ? { assets: [], tags: [], members: [], collections: [] }
      : await hub.call('media:removed', { hashes: [...new Set(hashes)] })
  const assets = new Map(removed.assets.map((one) => [one.hash, one]))
  const tags = new Map(removed.tags.map((one) => [key(one.hash, one.tag), one]))
  const members = new Map(removed.members.map((one) => [key(one.hash, one.collection), one]))
  const collections = new Map(removed.collections.map((one) => [key(one.name), one]))
  const why = <T extends Removed>(found: T | undefined, words: (found: T) => string) =>
    found === undefined ? undefined : words(found)
  return {
    asset: (hash) => why(assets.get(hash), (one) => `deleted ${byOn(one)}`),
    tag: (hash, tag) => why(tags.get(key(hash, tag)), (one) => `tag "${one.tag}" taken off ${byOn(one)}`),
    member: (hash, collection) =>
      why(members.get(key(hash, collection)), (one) => `taken out of "${one.collection}" ${byOn(one)}`),
    collection: (name) => why(collections.get(key(name)), (one) => `collection "${one.name}" deleted ${byOn(one)}`),
  }
}
