import { Column, fk, bigint, blob, int, text, index, table } from '../declare'
import { videos } from './assets'

// The order a trash holds batches and entries in: SQLite's implicit rowid in a library (hub 0130).
const TRASH_ORDER = "stands in for SQLite's rowid"

export const tags = table({
  name: 'tags',
  columns: {
    id: bigint.nn.identity('by default'),
    name: text.nn.collate('NOCASE'),
  },
  storage: { strict: true },
  primaryKey: ['id'],
  unique: [{ columns: ['name'] }],
  topics: ['tags'],
})

export const asset_tags = table({
  name: 'asset_tags',
  columns: {
    asset_id: text.nn,
    tag_id: bigint.nn,
  },
  storage: { strict: true, withoutRowid: true },
  primaryKey: ['asset_id', 'tag_id'],
  references: [fk('asset_id', 'videos.id', 'cascade'), fk('tag_id', 'tags.id', 'cascade')],
  indexes: [index('asset_tags_tag', ['tag_id', 'asset_id'])],
  topics: ['asset_tags'],
})

export const collections = table({
  name: 'collections',
  columns: {
    id: bigint.nn.identity('by default'),
    name: text.nn.collate('NOCASE'),
    created_at: text.nn,
    // Whose it is (issue 60 point 3): a person's private collection, seen and changed by them alone; null for the
    // team's.
    owner_id: bigint,
  },
  storage: { strict: true },
  primaryKey: ['id'],
  references: [fk('owner_id', 'people.id', 'cascade')],
  // A name is unique in any case among the team's collections, and among each person's own.
  indexes: [
    index('collections_owner_name', ['(expr)', 'name'], { unique: true, expressions: ['coalesce(owner_id, 0)'] }),
  ],
  topics: ['collections'],
})

export const collection_items = table({
  name: 'collection_items',
  columns: {
    collection_id: bigint.nn,
    video_id: text.nn,
    added_at: text.nn,
  },
  storage: { strict: true, withoutRowid: true },
  primaryKey: ['collection_id', 'video_id'],
  references: [fk('collection_id', 'collections.id', 'cascade'), fk('video_id', 'videos.id', 'cascade')],
  indexes: [index('collection_items_video', ['video_id', 'collection_id'])],
  topics: ['collection_items'],
})

// Each sort order's key, of the type and collation `videos` computes it in (its generated sort_* columns), as a
// plain column: a collection's members walked in that order.
const SORT_KEYS: Record<string, Column> = Object.fromEntries(
  Object.entries(videos.columns)
    .filter(([name]) => name.startsWith('sort_'))
    .map(([name, { type, details }]) => [name, new Column(type, false, undefined, {}, { collate: details.collate })]),
)
const memberOrder = (key: string) =>
  index(`collection_order_${key.slice('sort_'.length)}`, ['collection_id', key, 'video_id'], {
    collate: { postgres: { video_id: '"C"' } },
  })

/**
 * A hub's copy of each collection member's sort keys and search document (hub 0480), kept by triggers on
 * collection_items and videos: a person limited to shared collections (issue 60 point 3) pages their members in one
 * index walk of the order asked for and tests their words in place, as an admin pages `videos`, where a walk of the
 * whole order passed a hundred assets for each one shared.
 */
export const collection_order = table({
  name: 'collection_order',
  only: { engine: 'postgres', why: "a hub's index of shared members by sort order; a library pages them otherwise" },
  columns: {
    collection_id: bigint.nn,
    video_id: text.nn,
    ...SORT_KEYS,
    search_document: text.on('postgres', { type: 'tsvector' }, 'full text'),
  },
  primaryKey: ['collection_id', 'video_id'],
  references: [fk('collection_id', 'collections.id', 'cascade'), fk('video_id', 'videos.id', 'cascade')],
  indexes: [...Object.keys(SORT_KEYS).map(memberOrder), index('collection_order_video', ['video_id'])],
})

export const pushed_collections = table({
  name: 'pushed_collections',
  only: { engine: 'sqlite', why: 'only a library pushes (library 0560)' },
  columns: {
    hub_library: text.nn,
    collection_id: bigint.nn,
    hub_collection_id: bigint.nn,
    hub_name: text.nn,
  },
  storage: { strict: true },
  primaryKey: ['hub_library', 'collection_id'],
  references: [fk('collection_id', 'collections.id', 'cascade')],
})

export const saved_searches = table({
  name: 'saved_searches',
  columns: {
    id: bigint.nn.identity('by default'),
    name: text.nn.collate('NOCASE'),
    query: text.nn.default("''"),
    filter: text.nn.default("'{}'"),
    sort: text,
    created_at: text.nn,
    updated_at: text.nn,
    // Whose it is (issue 60 point 3): a person's own, seen and changed by them alone; null for the team's.
    owner_id: bigint,
  },
  storage: { strict: true },
  primaryKey: ['id'],
  references: [fk('owner_id', 'people.id', 'cascade')],
  // A name is unique in any case among the team's searches, and among each person's own.
  indexes: [
    index('saved_searches_owner_name', ['(expr)', 'name'], { unique: true, expressions: ['coalesce(owner_id, 0)'] }),
  ],
  topics: ['saved_searches'],
})

export const trash_batches = table({
  name: 'trash_batches',
  columns: {
    id: text.nn,
    created_at: text.nn,
    state: text.nn,
    deleted_by: text.nn,
    assets: int.nn,
    owner_pid: bigint,
    owner_started: text,
    finished_at: text,
    rowid: bigint.nn.onlyIn('postgres', TRASH_ORDER).identity('always'),
  },
  checks: ["state IN ('moving', 'trashed', 'restoring', 'restored', 'emptying', 'emptied')"],
  storage: { strict: true },
  primaryKey: ['id'],
  unique: [{ columns: ['rowid'], only: { engine: 'postgres', why: TRASH_ORDER } }],
  indexes: [
    index('trash_batches_created_at', ['created_at']),
    index('trash_batches_unfinished', ['state'], {
      where: "state IN ('moving', 'restoring', 'emptying')",
    }),
  ],
  topics: ['trash_batches'],
})

export const trash_entries = table({
  name: 'trash_entries',
  columns: {
    batch_id: text.nn,
    asset_id: text.nn,
    name: text.nn,
    storage: text.nn,
    asset_row: text.nn,
    dependents: text.nn,
    library_path: text.nn,
    trash_path: text,
    thumbnails: text.nn,
    bytes: bigint.nn,
    rowid: bigint.nn.onlyIn('postgres', TRASH_ORDER).identity('always'),
  },
  checks: ["storage IN ('copy', 'link')"],
  storage: { strict: true },
  primaryKey: ['batch_id', 'asset_id'],
  references: [fk('batch_id', 'trash_batches.id', 'cascade')],
  unique: [{ columns: ['rowid'], only: { engine: 'postgres', why: TRASH_ORDER } }],
  topics: ['trash_entries'],
})

export const stack_members = table({
  name: 'stack_members',
  columns: {
    member_id: text.nn,
    head_id: text.nn,
    reason: text.nn,
  },
  checks: ["reason IN ('sidecar', 'proxy', 'processed')", 'member_id <> head_id'],
  storage: { strict: true, withoutRowid: true },
  primaryKey: ['member_id'],
  references: [fk('member_id', 'videos.id', 'cascade')],
  indexes: [index('stack_members_head', ['head_id'])],
  topics: ['stack_members'],
})

export const frame_hashes = table({
  name: 'frame_hashes',
  columns: {
    file_hash: text.nn,
    config_hash: text.nn,
    frame_count: int.nn,
    frames: blob.nn,
    error: text,
    picture: text,
    hashed_at: text.nn,
  },
  checks: ['frame_count >= 0'],
  storage: { strict: true },
  primaryKey: ['file_hash', 'config_hash'],
  topics: ['frame_hashes'],
})

export const similar_dismissed = table({
  name: 'similar_dismissed',
  columns: {
    content_a: text.nn.collate({ postgres: '"C"' }),
    content_b: text.nn.collate({ postgres: '"C"' }),
    dismissed_at: text.nn,
  },
  checks: ['content_a < content_b'],
  storage: { strict: true, withoutRowid: true },
  primaryKey: ['content_a', 'content_b'],
  topics: ['similar_dismissed'],
})

export const near_duplicate_assets = table({
  name: 'near_duplicate_assets',
  columns: {
    asset_id: text.nn,
  },
  storage: { strict: true, withoutRowid: true },
  primaryKey: ['asset_id'],
  references: [fk('asset_id', 'videos.id', 'cascade')],
  topics: ['near_duplicate_assets'],
})
