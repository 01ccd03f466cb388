import type { Channel, ChannelInput, ChannelOutput, ReviewStatus } from '../../../shared/contract'
import { CHANNEL_ACTIONS } from '../../../shared/contract/action-names'
import type { Uses } from '../library-context'

/** What an activity entry says: its kind (for a filter), its words after the person's name, the assets it was about. */
export interface ActivityFacts {
  kind: string
  words: string
  assetIds: string[]
}

/** How a describer names what it saw: an asset or a collection by the name people know it by. */
export interface Names {
  asset(id: string): Promise<string>
  collection(id: number): Promise<string>
}

type Describe<C extends Channel> = (
  input: ChannelInput<C>,
  output: ChannelOutput<C>,
  names: Names,
  before?: string,
) => Promise<ActivityFacts>
type Describers = { [C in Channel]?: Describe<C> }

// Up to this many tags or names are listed in an entry's words; more are counted.
const LISTED = 3
// A comment is quoted in an entry up to this many characters.
const QUOTED = 80

const REVIEW_WORDS: Record<ReviewStatus, string> = {
  none: 'took the review status off',
  'in-review': 'put in review',
  'needs-changes': 'asked for changes to',
  approved: 'approved',
}

/** The channels said in words of their own; every other change is said by its action's words ("rename the library"). */
const DESCRIBERS: Describers = {
  'media:import': async ({ paths }) => ({
    kind: 'import',
    words: `imported ${count(paths.length, 'path')}`,
    assetIds: [],
  }),
  'media:import-uploads': async ({ uploads }) => ({
    kind: 'import',
    words: `imported ${count(uploads.length, 'file')}`,
    assetIds: [],
  }),
  'media:tag': async ({ ids, tags }, _out, names) => ({
    kind: 'tag',
    words: `tagged ${await assets(ids, names)} ${listed(tags)}`,
    assetIds: [...ids],
  }),
  'media:untag': async ({ ids, tags }, _out, names) => ({
    kind: 'tag',
    words: `took ${listed(tags)} off ${await assets(ids, names)}`,
    assetIds: [...ids],
  }),
  'media:set-rating': async ({ ids, rating }, _out, names) => ({
    kind: 'rating',
    words:
      rating === 0
        ? `took the rating off ${await assets(ids, names)}`
        : `rated ${await assets(ids, names)} ${'★'.repeat(rating)}`,
    assetIds: [...ids],
  }),
  'media:set-notes': async ({ id, notes }, _out, names) => ({
    kind: 'notes',
    words: `${notes === null || notes.trim() === '' ? 'cleared the notes of' : 'wrote notes on'} ${await names.asset(id)}`,
    assetIds: [id],
  }),
  'media:rename': async ({ id, name }, _out, _names, before) => ({
    kind: 'rename',
    words: before === undefined ? `renamed an asset ${quoted(name)}` : `renamed ${quoted(before)} → ${quoted(name)}`,
    assetIds: [id],
  }),
  'media:delete': async ({ ids }, _out, names) => ({
    kind: 'delete',
    words: `deleted ${await assets(ids, names)}`,
    assetIds: [...ids],
  }),
  'trash:undo': async (_in, { restored }, names) => ({
    kind: 'delete',
    words: `put back ${await assets(restored, names)}`,
    assetIds: [...restored],
  }),
  'trash:empty': async () => ({ kind: 'delete', words: 'emptied the trash for good', assetIds: [] }),
  'collections:create': async ({ name }) => ({
    kind: 'collection',
    words: `made the collection ${quoted(name)}`,
    assetIds: [],
  }),
  'collections:rename': async ({ name }) => ({
    kind: 'collection',
    words: `renamed a collection ${quoted(name)}`,
    assetIds: [],
  }),
  'collections:add': async ({ collectionId, ids }, _out, names) => ({
    kind: 'collection',
    words: `added ${await assets(ids, names)} to ${quoted(await names.collection(collectionId))}`,
    assetIds: [...ids],
  }),
  'collections:remove': async ({ collectionId, ids }, _out, names) => ({
    kind: 'collection',
    words: `took ${await assets(ids, names)} out of ${quoted(await names.collection(collectionId))}`,
    assetIds: [...ids],
  }),
  'comments:add': async ({ assetId, body, replyTo }, { comment }) => ({
    kind: 'comment',
    words: `${replyTo === undefined ? 'commented on' : 'replied on'} ${comment.asset.name}: ${excerpt(body)}`,
    assetIds: [assetId],
  }),
  'comments:resolve': async ({ resolved }, { comment }) => ({
    kind: 'comment',
    words: `${resolved ? 'resolved' : 'reopened'} a comment on ${comment.asset.name}`,
    assetIds: [comment.asset.id],
  }),
  'review:set': async ({ assetId, status, comment }, _out, names) => ({
    kind: 'review',
    words: `${REVIEW_WORDS[status]} ${await names.asset(assetId)}${comment === undefined ? '' : `: ${excerpt(comment)}`}`,
    assetIds: [assetId],
  }),
  'people:add': async ({ name, role }) => ({
    kind: 'people',
    words: `added ${name} as ${article(role)} ${role}`,
    assetIds: [],
  }),
  'people:set-role': async ({ role }) => ({
    kind: 'people',
    words: `made someone ${article(role)} ${role}`,
    assetIds: [],
  }),
}

/** What a change's words need read before it is made (an asset's name before a rename); undefined for the rest. */
export async function activityBefore(
  lib: Uses<'collections' | 'media'>,
  channel: Channel,
  input: unknown,
): Promise<string | undefined> {
  if (channel !== 'media:rename') return undefined
  return (await lib.catalog.repos.media.get((input as ChannelInput<'media:rename'>).id))?.name
}

/** The facts of one change `channel` made with `input` and answered `output` with, in words. */
export async function describeActivity(
  lib: Uses<'collections' | 'media'>,
  call: { channel: Channel; input: unknown; output: unknown; before?: string },
): Promise<ActivityFacts> {
  const describe = DESCRIBERS[call.channel] as Describe<Channel> | undefined
  if (!describe) return { kind: 'other', words: CHANNEL_ACTIONS[call.channel], assetIds: [] }
  const input = call.input as ChannelInput<Channel>
  return describe(input, call.output as ChannelOutput<Channel>, namesIn(lib), call.before)
}

function namesIn(lib: Uses<'collections' | 'media'>): Names {
  return {
    asset: async (id) => (await lib.catalog.repos.media.get(id))?.name ?? 'an asset no longer here',
    collection: async (id) => (await lib.catalog.repos.collections.get(id))?.name ?? 'a collection no longer here',
  }
}

/** One asset by its name, several by their count. */
async function assets(ids: readonly string[], names: Names): Promise<string> {
  return ids.length === 1 ? names.asset(ids[0]!) : count(ids.length, 'asset')
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`
}

/** "hero", "hero, b-roll and dusk", "hero, b-roll, dusk and 2 more". */
function listed(names: readonly string[]): string {
  if (names.length <= LISTED)
    return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
  return `${names.slice(0, LISTED).join(', ')} and ${names.length - LISTED} more`
}

/** A comment as an entry quotes it: its first QUOTED characters, on one line. */
function excerpt(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim()
  return quoted(line.length > QUOTED ? `${line.slice(0, QUOTED - 1)}…` : line)
}

function quoted(name: string): string {
  return `“${name}”`
}

function article(role: string): string {
  return /^[aeiou]/.test(role) ? 'an' : 'a'
}
