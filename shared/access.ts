import { z } from 'zod'
import type { Channel, EventName } from './contract'
import { CHANNEL_ACTIONS } from './contract/action-names'

/**
 * What a person may do in a team library (issue 34): a viewer looks (browse, search, detail, compare), a commenter
 * (a client, issue 60) also comments and sets an asset's review status, an editor also changes the library
 * (imports, tags, deletes to the trash, runs work), an admin also manages it and its people (names, backups, the
 * ComfyUI server, emptying the trash for good, watch folders on the hub's disks).
 */
export const Role = z.enum(['viewer', 'commenter', 'editor', 'admin'])
export type Role = z.infer<typeof Role>

const RANK: Record<Role, number> = { viewer: 0, commenter: 1, editor: 2, admin: 3 }

/**
 * What a person sees (issue 60 point 3): every asset, or only the assets of the collections shared with them by name
 * or by their role. Admins and editors always see every asset.
 */
export const Scope = z.enum(['all', 'shared'])
export type Scope = z.infer<typeof Scope>

/** The scope a person added with each role gets unless told otherwise (a commenter, a client, is `shared`). */
export const DEFAULT_SCOPE: Record<Role, Scope> = { viewer: 'all', commenter: 'shared', editor: 'all', admin: 'all' }

/** Whether a person with `role` may be limited to shared collections: admins and editors see every asset. */
export function mayBeLimited(role: Role): boolean {
  return RANK[role] < RANK.editor
}

/**
 * Whether a person with `role` reads what is internal to the team (issue 60): assets' notes, and where the library
 * keeps its data (disks, the database). Viewers (and clients) read neither.
 */
export function seesInternals(role: Role): boolean {
  return RANK[role] >= RANK.editor
}

/**
 * Whether a person with `role` keeps the team's saved searches and collections (issue 60 point 3): editors and
 * admins; everyone keeps their own ("Only me").
 */
export function keepsTeamLists(role: Role): boolean {
  return RANK[role] >= RANK.editor
}

/** The scope a person with `role` and the stored `scope` has. */
export function scopeOf(role: Role, scope: Scope): Scope {
  return mayBeLimited(role) ? scope : 'all'
}

const viewer = 'viewer'
const commenter = 'commenter'
const editor = 'editor'
const admin = 'admin'

/** The least role each channel needs. Every channel is here (a missing one is a type error): a new channel chooses. */
export const CHANNEL_ROLES: { readonly [C in Channel]: Role } = {
  'library:info': viewer,
  'library:rename': admin,
  'library:backup': admin,
  'library:backups': admin,
  'library:restore': admin,
  'library:restores': admin,
  'library:open': admin,
  'media:import': editor,
  'media:import-uploads': editor,
  'media:list': viewer,
  'media:held': viewer,
  'media:removed': viewer,
  // A person's own library sends itself to a team library; a hub sending itself elsewhere is an admin's act.
  'push:preview': admin,
  'push:start': admin,
  'media:get': viewer,
  'media:provenance': viewer,
  'media:reveal': viewer,
  'import:list': viewer,
  'import:get': viewer,
  'import:cancel': editor,
  'media:facets': viewer,
  'media:tag': editor,
  'media:untag': editor,
  'media:set-rating': editor,
  'media:set-notes': editor,
  'media:rename': editor,
  'tags:list': viewer,
  'media:delete-preview': editor,
  'media:delete': editor,
  'trash:list': viewer,
  'trash:undo': editor,
  'trash:empty': admin,
  'health:verify': editor,
  'health:relink': editor,
  'health:report': viewer,
  'collections:list': viewer,
  // Everyone keeps private collections; the team's are an editor's (decided by the service).
  'collections:create': viewer,
  'collections:rename': viewer,
  'collections:delete': viewer,
  'collections:add': viewer,
  'collections:remove': viewer,
  'collections:shares': editor,
  'collections:share': editor,
  'collections:unshare': editor,
  'links:create': editor,
  'links:list': editor,
  'links:visiting': viewer,
  'links:revoke': editor,
  'library:stats': viewer,
  'jobs:list': viewer,
  'jobs:get': viewer,
  'jobs:cancel': editor,
  'jobs:retry': editor,
  'jobs:queue': viewer,
  'analysis:run': editor,
  'analysis:search': viewer,
  'caches:open': admin,
  'caches:adopt-rows': editor,
  'analysis:delete': editor,
  'analysis:put': editor,
  'analysis:list': viewer,
  'processing:run': editor,
  'processing:list': viewer,
  'processing:put': editor,
  'workflows:list': viewer,
  'workflows:get': viewer,
  'workflows:create': editor,
  'workflows:put': editor,
  'workflows:held': viewer,
  'workflows:update': editor,
  'workflows:delete': editor,
  'workflows:associate': editor,
  'workflows:videos': viewer,
  'workflows:stats': viewer,
  'executions:list': viewer,
  'executions:get': viewer,
  'executions:create': editor,
  'executions:update': editor,
  'generation:get': viewer,
  'generation:set': editor,
  'workflows:versions': viewer,
  'workflows:definition': viewer,
  'workflows:diff': viewer,
  'media:import-generated': editor,
  'history:import': editor,
  'batch:run': editor,
  'batch:items': viewer,
  'similar:hash-all': editor,
  'similar:status': viewer,
  'similar:groups': viewer,
  'similar:of': viewer,
  'similar:dismiss': editor,
  'similar:undismiss': editor,
  'comfy:server': viewer,
  'comfy:set-output-limit': admin,
  'comfy:set-server': admin,
  'comfy:run-form': viewer,
  'executions:compare': viewer,
  'comfy:run': editor,
  'pipelines:run': editor,
  'pipelines:of-asset': viewer,
  'timelines:frames': viewer,
  'checkpoints:get': viewer,
  'checkpoints:replay': editor,
  'checkpoints:label': editor,
  'checkpoints:pin': editor,
  'checkpoints:delete': editor,
  'checkpoints:prune': editor,
  'checkpoints:compare': viewer,
  'timelines:put': editor,
  'checkpoints:put': editor,
  // The hub's own disks' folders: internal, as its database is (issue 60 point 3).
  'watch:list': editor,
  'watch:add': admin,
  'watch:remove': admin,
  'watch:pause': admin,
  'watch:events': editor,
  'searches:list': viewer,
  // Everyone keeps their own saved searches; the team's are an editor's (decided by the service).
  'searches:save': viewer,
  'searches:rename': viewer,
  'searches:delete': viewer,
  'stacks:of': viewer,
  'stacks:put': editor,
  'subtitles:list': viewer,
  'subtitles:read': editor,
  'subtitles:put': editor,
  'events:cursor': viewer,
  'events:since': viewer,
  'people:me': viewer,
  'people:list': admin,
  // Whom to share a collection with: an editor shares too, knowing people by name and role alone.
  'people:names': editor,
  'people:add': admin,
  'people:rename': admin,
  'people:set-role': admin,
  'people:set-scope': admin,
  'people:remove': admin,
  'people:tokens': admin,
  'people:issue-token': admin,
  'people:revoke-token': admin,
  'people:activity': admin,
  'media:history': viewer,
  'comments:list': viewer,
  'comments:add': commenter,
  'comments:edit': commenter,
  'comments:delete': commenter,
  'comments:resolve': commenter,
  'review:get': viewer,
  'review:set': commenter,
  // Everyone has an inbox of their own (issue 60 point 6).
  'inbox:list': viewer,
  'inbox:read': viewer,
  'inbox:read-all': viewer,
}

/**
 * The least role that hears each push event on its stream (every event is here: a new one chooses). A backup's
 * progress is an admin's, as its channels are; `access:ended` is sent to its one reader, whatever their role.
 */
export const EVENT_ROLES: { readonly [E in EventName]: Role } = {
  'library:changed': viewer,
  'library:backup-progress': admin,
  'library:opened': viewer,
  'import:progress': viewer,
  'import:updated': viewer,
  'media:thumbnails': viewer,
  'job:updated': viewer,
  'job:progress': viewer,
  'events:reload': viewer,
  'catalogue:status': viewer,
  'access:ended': viewer,
}

/**
 * Whether each event names assets or files (ids, names, a job's or import's items): a person limited to shared
 * collections hears none of these (every event is here: a new one chooses). What changed reaches them as
 * `library:changed`, which names tables and topics alone, and they read again what they may see.
 */
export const EVENT_NAMES_ASSETS: { readonly [E in EventName]: boolean } = {
  'library:changed': false,
  'library:backup-progress': true,
  'library:opened': false,
  'import:progress': true,
  'import:updated': true,
  'media:thumbnails': true,
  'job:updated': true,
  'job:progress': true,
  'events:reload': false,
  'catalogue:status': false,
  'access:ended': false,
}

/** Whether a reader with `role` and `scope` may hear `event`. */
export function mayHear(role: Role, event: EventName, scope: Scope = 'all'): boolean {
  return RANK[role] >= RANK[EVENT_ROLES[event]] && (scope === 'all' || !EVENT_NAMES_ASSETS[event])
}

// The channels beyond a viewer's reach that change nothing: they read what only an editor or admin may see.
const READS_BEYOND_VIEWER: ReadonlySet<Channel> = new Set<Channel>([
  'library:backups',
  'library:restores',
  'collections:shares',
  'links:list',
  'watch:list',
  'watch:events',
  'media:delete-preview',
  'caches:open',
  'people:list',
  'people:names',
  'people:tokens',
  'people:activity',
])

// The channels every role may call that change the library: a person's own saved searches and collections.
const WRITES_OF_EVERYONE: ReadonlySet<Channel> = new Set<Channel>([
  'searches:save',
  'searches:rename',
  'searches:delete',
  'collections:create',
  'collections:rename',
  'collections:delete',
  'collections:add',
  'collections:remove',
])

/** Whether a call of `channel` may change the library (a hub records each such call with who made it). */
export function changesLibrary(channel: Channel): boolean {
  if (WRITES_OF_EVERYONE.has(channel)) return true
  return CHANNEL_ROLES[channel] !== 'viewer' && !READS_BEYOND_VIEWER.has(channel)
}

/**
 * What a person limited to shared collections may not read, whatever their role (issue 60 point 3): the library's
 * work (jobs, imports, batches, ComfyUI runs and pipeline checkpoints), its trash, health and files, its figures
 * and cached analyses over every asset. A client sees the shared assets and what is said about them, not how the
 * team works.
 */
export const WHOLE_LIBRARY_READS: ReadonlySet<Channel> = new Set<Channel>([
  'library:stats',
  'media:held',
  'media:removed',
  'import:list',
  'import:get',
  'trash:list',
  'health:report',
  'jobs:list',
  'jobs:get',
  'jobs:queue',
  'batch:items',
  'analysis:search',
  'workflows:held',
  'workflows:stats',
  'similar:status',
  'comfy:server',
  'comfy:run-form',
  'executions:compare',
  'checkpoints:get',
  'checkpoints:compare',
])

/** Whether `role` may call `channel`; with `scope` `shared`, none of the whole library's reads. */
export function mayCall(role: Role, channel: Channel, scope: Scope = 'all'): boolean {
  if (scopeOf(role, scope) === 'shared' && WHOLE_LIBRARY_READS.has(channel)) return false
  return RANK[role] >= RANK[CHANNEL_ROLES[channel]]
}

// Who may call a channel that needs this role, as a refusal says it.
const WHO_MAY: Record<Role, string> = {
  viewer: 'Everyone here',
  commenter: 'Only commenters, editors and admins',
  editor: 'Only editors and admins',
  admin: 'Only admins',
}

/**
 * Why `role` may not call `channel`, in a person's words (a 403's message): what the channel does, who may, and whom
 * to ask (an admin's name when known); null when it may.
 */
export function refusal(role: Role, channel: Channel, adminName?: string | null, scope: Scope = 'all'): string | null {
  if (mayCall(role, channel, scope)) return null
  const ask = adminName ? `Ask ${adminName}` : 'Ask an admin of this library'
  if (mayCall(role, channel))
    return `Only people who see the whole library can ${CHANNEL_ACTIONS[channel]}. ${ask} to share more.`
  return `${WHO_MAY[CHANNEL_ROLES[channel]]} can ${CHANNEL_ACTIONS[channel]}. ${ask} to change your role.`
}
