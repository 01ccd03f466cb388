import { z } from 'zod'
import type { Channel, ChannelInput } from '../contract'
import type { MediaFilter } from './media-query'

/**
 * What the library's data is about, as a client follows it: a write names the topics it changes, a read the
 * topics its answer comes from. The server says which topics each change touched (`library:changed`, mapped
 * from its tables in one place: main/db/change-topics.ts); some topics change only by a call (a job cancelled,
 * an analysis deleted), never by a table the change log follows.
 */
export const Topic = z.enum([
  /** The library's own facts: its name, settings (the ComfyUI server), what it is. */
  'library',
  'assets',
  /** The search text of assets (names, notes, tags, screen text). */
  'search-text',
  'tags',
  'collections',
  'trash',
  'imports',
  'generation',
  'workflows',
  /** Perceptual hashes of frames (hashing progress). */
  'hashes',
  /** Near-duplicate groups and the pairs dismissed. */
  'similar',
  'stacks',
  'subtitles',
  'pipelines',
  'saved-searches',
  'watch-folders',
  'people',
  /** Comments on assets and whom they mention. */
  'comments',
  /** What reached each person: mentions, replies, status changes (their inbox). */
  'inbox',
  /** Review links for people without an account. */
  'links',
  'jobs',
  'analyses',
  'processing',
  'backups',
])
export type Topic = z.infer<typeof Topic>

/** What a channel's answer is read from: its topics, or a function of its input where the input decides. */
export type Reads<C extends Channel> = readonly Topic[] | ((input: ChannelInput<C>) => readonly Topic[])

/** A channel either reads (its answer is cached and read again when a topic changes) or writes (the topics it changes). */
export type ChannelTopics<C extends Channel> = { reads: Reads<C> } | { writes: readonly Topic[] }

const read = <T extends Topic[]>(...topics: T) => ({ reads: topics })
const write = <T extends Topic[]>(...topics: T) => ({ writes: topics })

/** A media request's topics: a filter by a membership (a collection, the near-duplicates) reads it too. */
const mediaReads =
  (facets: boolean) =>
  (input: { query?: string; filter?: z.input<typeof MediaFilter> }): Topic[] => {
    const filter = input.filter ?? {}
    // Tags change what a filter leaves, so the counts are read again; the list only when assets change.
    const topics: Topic[] = facets ? ['assets', 'tags'] : ['assets']
    // A text search finds assets by their names, notes and tags.
    if (input.query !== undefined) topics.push('search-text')
    if (facets || filter.collection !== undefined) topics.push('collections')
    if (facets || filter.hasNearDuplicates !== undefined) topics.push('similar')
    // Stacks decide which assets stand as cards, and so the counts, while the view stacks them.
    if (filter.collapseStacks) topics.push('stacks')
    return topics
  }

const ASSET = ['assets', 'tags', 'collections', 'trash'] as const
const WORKFLOWS = ['assets', 'generation', 'workflows'] as const
const PIPELINES = ['pipelines', 'workflows'] as const

/** What each channel reads or writes. Every channel is here (a missing one is a type error): a new channel declares. */
export const CHANNEL_TOPICS: { readonly [C in Channel]: ChannelTopics<C> } = {
  'library:info': read('library'),
  'library:rename': write('library'),
  'library:backup': write('backups'),
  'library:backups': read('backups'),
  'library:restore': write('library'),
  'library:restores': read('library'),
  'library:open': write('library'),
  'media:import': write('imports', 'assets', 'jobs'),
  'media:import-uploads': write('imports', 'assets', 'jobs'),
  'media:list': { reads: mediaReads(false) },
  'media:held': read('assets'),
  'media:removed': read('assets', 'trash'),
  'push:preview': read('assets', 'workflows', 'pipelines'),
  'push:start': write('jobs'),
  'media:get': read(...ASSET),
  'media:provenance': read('assets', 'imports', 'trash'),
  'media:reveal': write(),
  'import:list': read('imports', 'jobs'),
  'import:get': read('imports', 'jobs'),
  'import:cancel': write('imports', 'jobs'),
  'media:facets': { reads: mediaReads(true) },
  'media:tag': write('assets', 'tags', 'search-text'),
  'media:untag': write('assets', 'tags', 'search-text'),
  'media:set-rating': write('assets'),
  'media:set-notes': write('assets', 'search-text'),
  'media:rename': write('assets', 'search-text'),
  'tags:list': read('tags'),
  'media:delete-preview': read('assets'),
  'media:delete': write(...ASSET),
  'trash:list': read('trash'),
  'trash:undo': write(...ASSET),
  'trash:empty': write('trash'),
  'health:verify': write('assets', 'jobs'),
  'health:relink': write('assets', 'jobs'),
  'health:report': read('assets'),
  'collections:list': read('collections'),
  'collections:create': write('collections'),
  'collections:rename': write('collections'),
  'collections:delete': write('collections'),
  'collections:add': write('collections'),
  'collections:remove': write('collections'),
  'collections:shares': read('collections'),
  'collections:share': write('collections'),
  'collections:unshare': write('collections'),
  'library:stats': read('assets', 'imports'),
  'jobs:list': read('jobs'),
  'jobs:get': read('jobs'),
  'jobs:cancel': write('jobs'),
  'jobs:retry': write('jobs'),
  'jobs:queue': read('jobs'),
  'analysis:run': write('analyses', 'jobs'),
  'analysis:search': read('analyses'),
  'caches:open': read('analyses', 'processing'),
  'caches:adopt-rows': write('analyses', 'processing'),
  'analysis:delete': write('analyses'),
  'analysis:put': write('analyses'),
  'analysis:list': read('analyses'),
  'processing:run': write('processing', 'jobs'),
  'processing:list': read('processing'),
  'processing:put': write('processing'),
  'workflows:list': read('workflows'),
  'workflows:get': read(...WORKFLOWS),
  'workflows:create': write('workflows'),
  'workflows:put': write('workflows', 'generation'),
  'workflows:held': read('workflows'),
  'workflows:update': write('workflows'),
  'workflows:delete': write('workflows', 'generation'),
  'workflows:associate': write('workflows', 'generation'),
  'workflows:videos': read(...WORKFLOWS),
  'workflows:stats': read(...WORKFLOWS),
  'executions:list': read(...WORKFLOWS),
  'executions:get': read(...WORKFLOWS),
  'executions:create': write('workflows'),
  'executions:update': write('workflows'),
  'generation:get': read(...WORKFLOWS),
  'generation:set': write('generation'),
  'workflows:versions': read(...WORKFLOWS),
  'workflows:definition': read(...WORKFLOWS),
  'workflows:diff': read('workflows'),
  'media:import-generated': write('imports', 'assets', 'generation', 'workflows', 'jobs'),
  'history:import': write('imports', 'assets', 'generation', 'workflows', 'jobs'),
  'batch:run': write('jobs'),
  'batch:items': read('jobs'),
  'similar:hash-all': write('hashes', 'jobs'),
  'similar:status': read('assets', 'hashes'),
  'similar:groups': read('assets', 'hashes', 'similar', 'generation', 'workflows'),
  'similar:of': read('assets', 'hashes', 'similar', 'trash'),
  'similar:dismiss': write('similar'),
  'similar:undismiss': write('similar'),
  'comfy:server': read('library'),
  'comfy:set-output-limit': write('library'),
  'comfy:set-server': write('library'),
  'comfy:run-form': read('workflows'),
  'executions:compare': read(...WORKFLOWS),
  'comfy:run': write('workflows', 'jobs'),
  'pipelines:run': write('pipelines', 'jobs'),
  'pipelines:of-asset': read(...PIPELINES),
  'timelines:frames': read(...PIPELINES),
  // A checkpoint's outputs never change: read once per checkpoint.
  'checkpoints:get': read(),
  'checkpoints:replay': write('pipelines', 'jobs'),
  'checkpoints:label': write('pipelines'),
  'checkpoints:pin': write('pipelines'),
  'checkpoints:delete': write('pipelines'),
  'checkpoints:prune': write('pipelines'),
  'checkpoints:compare': read(...PIPELINES),
  'timelines:put': write('pipelines'),
  'checkpoints:put': write('pipelines'),
  'watch:list': read('watch-folders'),
  'watch:add': write('watch-folders'),
  'watch:remove': write('watch-folders'),
  'watch:pause': write('watch-folders'),
  'watch:events': read('watch-folders'),
  'searches:list': read('saved-searches'),
  'searches:save': write('saved-searches'),
  'searches:rename': write('saved-searches'),
  'searches:delete': write('saved-searches'),
  'stacks:of': read('stacks', 'assets'),
  'stacks:put': write('stacks'),
  'subtitles:list': read('subtitles'),
  'subtitles:read': write('subtitles', 'jobs'),
  'subtitles:put': write('subtitles'),
  'events:cursor': read(),
  'events:since': read(),
  'people:me': read('people'),
  'people:list': read('people'),
  'people:names': read('people'),
  'people:add': write('people'),
  'people:rename': write('people'),
  'people:set-role': write('people'),
  'people:set-scope': write('people'),
  'people:remove': write('people'),
  'people:tokens': read('people'),
  'people:issue-token': write('people'),
  'people:revoke-token': write('people'),
  'people:activity': read('people', 'assets'),
  'media:history': read('assets'),
  // A stack's comments say which member each is on, by its name.
  'comments:list': read('comments', 'assets', 'stacks'),
  'comments:add': write('comments'),
  'comments:edit': write('comments'),
  'comments:delete': write('comments'),
  'comments:resolve': write('comments'),
  'review:get': read('assets'),
  // A collection shows its review progress; the status may come with a comment.
  'review:set': write('assets', 'collections', 'comments'),
  // Its entries name assets and comments, and keep to what the person may see (shares).
  'inbox:list': read('inbox', 'assets', 'comments', 'collections'),
  'inbox:read': write('inbox'),
  'inbox:read-all': write('inbox'),
  'links:create': write('links'),
  'links:list': read('links', 'collections'),
  'links:visiting': read('links', 'collections'),
  'links:revoke': write('links'),
}

/** Whether `channel` changes the library (it declares what it writes): the renderer calls it through `write` alone. */
export const isWrite = (channel: Channel): boolean => 'writes' in CHANNEL_TOPICS[channel]

/** The topics `channel` writes (none for a read). */
export const writesOf = (channel: Channel): readonly Topic[] => {
  const declared = CHANNEL_TOPICS[channel]
  return 'writes' in declared ? declared.writes : []
}

/** The topics the answer of `channel` to `input` is read from (none for a write). */
export function readsOf<C extends Channel>(channel: C, input: ChannelInput<C>): readonly Topic[] {
  const declared: ChannelTopics<C> = CHANNEL_TOPICS[channel]
  if (!('reads' in declared)) return []
  return typeof declared.reads === 'function' ? declared.reads(input) : declared.reads
}
