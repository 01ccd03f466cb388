import type { Channel, ParsedInput, ReviewStatus } from '../../../shared/contract'
import type { Uses } from '../library-context'

/** What a change's words say it changed from, by channel: read before the change is made. */
export interface BeforeStates {
  /** The asset's name. */
  'media:rename': string
  /** The ratings the assets had, each once, lowest first. */
  'media:set-rating': number[]
  /** Whether the asset had notes (never what they said: notes are internal). */
  'media:set-notes': boolean
  'review:set': ReviewStatus
  /** The collection's name. */
  'collections:rename': string
}
export type BeforeChannel = keyof BeforeStates

/** What the words of a change of `C` get read before it: its state then, or nothing for a channel that reads none. */
export type BeforeOf<C extends Channel> = C extends BeforeChannel ? BeforeStates[C] | undefined : undefined

export type BeforeLib = Uses<'activity' | 'collections' | 'media' | 'reviews'>
type Repos = BeforeLib['catalog']['repos']
type Readers = { [C in BeforeChannel]: (input: ParsedInput<C>, repos: Repos) => Promise<BeforeStates[C] | undefined> }

const READERS: Readers = {
  'media:rename': async ({ id }, { media }) => (await media.get(id))?.name,
  'media:set-rating': ({ ids }, { activity }) => activity.ratingsOf(ids),
  'media:set-notes': async ({ id }, { media }) => {
    const asset = await media.get(id)
    return asset && asset.notes !== null && asset.notes.trim() !== ''
  },
  'review:set': async ({ assetId }, { reviews }) => (await reviews.of(assetId))?.status,
  'collections:rename': async ({ id }, { collections }) => (await collections.get(id))?.name,
}

/** What the words of a change of `channel` with the parsed `input` need read before it is made; undefined for the rest. */
export async function activityBefore(lib: BeforeLib, channel: Channel, input: unknown): Promise<unknown> {
  const read = READERS[channel as BeforeChannel] as ((input: unknown, repos: Repos) => Promise<unknown>) | undefined
  return read?.(input, lib.catalog.repos)
}
