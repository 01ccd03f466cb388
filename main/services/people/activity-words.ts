import type {
  Channel,
  ChannelOutput,
  ImportCounts,
  JobState,
  ParsedInput,
  ReviewStatus,
} from '../../../shared/contract'
import { CHANNEL_ACTIONS } from '../../../shared/contract/action-names'
import type { Uses } from '../library-context'
import type { BeforeOf } from './activity-before'

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

/** One change as its words are made from it: the channel, its parsed input, its answer, what it changed from. */
export interface DescribedCall {
  channel: Channel
  input: unknown
  output: unknown
  before?: unknown
}

type Describe<C extends Channel> = (
  input: ParsedInput<C>,
  output: ChannelOutput<C>,
  names: Names,
  before: BeforeOf<C>,
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
const STATUS_NAMES: Record<ReviewStatus, string> = {
  none: 'none',
  'in-review': 'in review',
  'needs-changes': 'needs changes',
  approved: 'approved',
}

/** The channels said in words of their own; every other change is said by its action's words ("rename the library"). */
const DESCRIBERS: Describers = {
  // An import's words until its job ends; then importWords says what its files came to.
  'media:import': async ({ paths }) => ({
    kind: 'import',
    words: `started importing ${paths.length === 1 ? 'a folder or file' : `${paths.length} folders and files`}`,
    assetIds: [],
  }),
  'media:import-uploads': async ({ uploads }) => ({
    kind: 'import',
    words: `started importing ${count(uploads.length, 'file')}`,
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
  // The rating the assets had when they all had the same one; a mixed set is said by its new rating alone.
  'media:set-rating': async ({ ids, rating }, _out, names, before) => {
    const was = before?.length === 1 ? before[0]! : 0
    const what = await assets(ids, names)
    const words =
      rating === 0
        ? `took the rating off ${what}${was > 0 ? `, was ${stars(was)}` : ''}`
        : `rated ${what} ${was > 0 ? `${stars(was)} → ` : ''}${stars(rating)}`
    return { kind: 'rating', words, assetIds: [...ids] }
  },
  // Notes are internal: their words are never quoted (an asset's history is read by viewers).
  'media:set-notes': async ({ id, notes }, _out, names, before) => {
    const cleared = notes === null || notes.trim() === ''
    const verb = cleared ? 'cleared the notes of' : before === true ? 'changed the notes of' : 'wrote notes on'
    return { kind: 'notes', words: `${verb} ${await names.asset(id)}`, assetIds: [id] }
  },
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
  'collections:rename': async ({ name }, _out, _names, before) => ({
    kind: 'collection',
    words:
      before === undefined
        ? `renamed a collection ${quoted(name)}`
        : `renamed the collection ${quoted(before)} → ${quoted(name)}`,
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
  'comments:edit': async (_in, { comment }) => ({
    kind: 'comment',
    words: `edited a comment on ${comment.asset.name}`,
    assetIds: [comment.asset.id],
  }),
  'comments:delete': async (_in, { comment }) => ({
    kind: 'comment',
    words: `deleted a comment on ${comment.asset.name}`,
    assetIds: [comment.asset.id],
  }),
  'comments:resolve': async ({ resolved }, { comment }) => ({
    kind: 'comment',
    words: `${resolved ? 'resolved' : 'reopened'} a comment on ${comment.asset.name}`,
    assetIds: [comment.asset.id],
  }),
  'review:set': async ({ assetId, status, comment }, _out, names, before) => {
    const was = before === undefined || before === 'none' || before === status ? '' : `, was ${STATUS_NAMES[before]}`
    const said = comment === undefined ? '' : `: ${excerpt(comment)}`
    return {
      kind: 'review',
      words: `${REVIEW_WORDS[status]} ${await names.asset(assetId)}${was}${said}`,
      assetIds: [assetId],
    }
  },
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

/** The facts of one change `channel` made with `input` and answered `output` with, in words. */
export async function describeActivity(
  lib: Uses<'collections' | 'media'>,
  call: DescribedCall,
): Promise<ActivityFacts> {
  return describeCall(call, namesIn(lib))
}

/** The facts of one change, its assets and collections named by `names`. */
export async function describeCall(call: DescribedCall, names: Names): Promise<ActivityFacts> {
  const describe = DESCRIBERS[call.channel] as Describe<Channel> | undefined
  if (!describe) return { kind: 'other', words: CHANNEL_ACTIONS[call.channel], assetIds: [] }
  const before = call.before as BeforeOf<Channel>
  return describe(call.input as ParsedInput<Channel>, call.output as ChannelOutput<Channel>, names, before)
}

/**
 * What an import's files came to, once its job ended: "imported 3 files (2 new, 1 already in the library)", and
 * that it was cancelled or failed on the way.
 */
export function importWords({ imported, duplicate, failed }: ImportCounts, state: JobState): string {
  const files = imported + duplicate + failed
  const counted: Array<[number, string]> = [
    [imported, 'new'],
    [duplicate, 'already in the library'],
    [failed, 'failed'],
  ]
  const parts = counted.flatMap(([n, said]) => (n === 0 ? [] : [`${n.toLocaleString('en')} ${said}`]))
  const came =
    files === 0
      ? 'imported no files'
      : imported === files
        ? `imported ${count(files, 'new file')}`
        : `imported ${count(files, 'file')} (${parts.join(', ')})`
  if (state === 'cancelled') return `${came}, then cancelled the import`
  return state === 'failed' ? `${came} before the import failed` : came
}

/**
 * What a push's entry says: the assets its calls brought or changed and how many of them its files made new
 * ("pushed 13 assets (10 new)"); its files alone while the hub is still importing them.
 */
export function pushWords({ files, assets, fresh }: { files: number; assets: number; fresh: number }): string {
  if (assets === 0) return `pushed ${count(files, 'file')}`
  return `pushed ${count(assets, 'asset')}${fresh > 0 ? ` (${fresh.toLocaleString('en')} new)` : ''}`
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

function stars(rating: number): string {
  return '★'.repeat(rating)
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
