import { fk, bigint, int, text, index, table } from '../declare'

export const people = table({
  name: 'people',
  columns: {
    id: bigint.nn.identity('by default'),
    name: text.nn.collate('NOCASE'),
    role: text.nn,
    created_at: text.nn,
    created_by: text,
    // What a viewer sees (issue 60 point 3): every asset, or only those of collections shared with them.
    scope: text.nn.default("'all'"),
  },
  checks: ["role IN ('viewer', 'commenter', 'editor', 'admin')", "scope IN ('all', 'shared')"],
  storage: { strict: true },
  primaryKey: ['id'],
  unique: [{ columns: ['name'] }],
  topics: ['people'],
})

/**
 * Who a collection is shared with (issue 60 point 3): one named person or everyone of a role per row. A person limited
 * to shared collections sees the members of the collections shared with them or their role, and nothing else.
 */
export const collection_shares = table({
  name: 'collection_shares',
  columns: {
    id: bigint.nn.identity('by default'),
    collection_id: bigint.nn,
    person_id: bigint,
    role: text,
    shared_by: text,
    shared_at: text.nn,
  },
  checks: ['(person_id IS NULL) <> (role IS NULL)'],
  storage: { strict: true },
  primaryKey: ['id'],
  references: [fk('collection_id', 'collections.id', 'cascade'), fk('person_id', 'people.id', 'cascade')],
  unique: [{ columns: ['collection_id', 'person_id'] }, { columns: ['collection_id', 'role'] }],
  indexes: [index('collection_shares_person', ['person_id']), index('collection_shares_role', ['role'])],
  topics: ['collection_shares'],
})

export const access_tokens = table({
  name: 'access_tokens',
  columns: {
    id: bigint.nn.identity('by default'),
    person_id: bigint.nn,
    token_hash: text.nn,
    label: text.nn.default("''"),
    created_at: text.nn,
    last_used_at: text,
    revoked_at: text,
  },
  storage: { strict: true },
  primaryKey: ['id'],
  references: [fk('person_id', 'people.id', 'cascade')],
  unique: [{ columns: ['token_hash'] }],
  indexes: [index('access_tokens_person', ['person_id'])],
  topics: ['access_tokens'],
  quiet: { columns: ['last_used_at'], why: 'kept at each use of a token; no client follows it' },
})

export const access_ends = table({
  name: 'access_ends',
  columns: {
    token_hash: text.nn,
    person_id: bigint.nn,
    person_name: text.nn,
    reason: text.nn,
    ended_by: text,
    ended_at: text.nn,
  },
  checks: ["reason IN ('removed', 'revoked')"],
  storage: { strict: true },
  primaryKey: ['token_hash'],
})

export const activity = table({
  name: 'activity',
  columns: {
    id: bigint.nn.identity('by default'),
    at: text.nn,
    person_id: bigint,
    person: text.nn,
    channel: text.nn,
    input: text.nn,
    // What the person did in words ("tagged 3 assets hero"), its kind for a filter, and the action a client named
    // for the calls of one act (a push's many calls are one entry); null on entries older than these.
    kind: text,
    words: text,
    action: text,
    // The review link a guest acted through (issue 60 point 6: their comments and statuses are theirs, marked guest);
    // null for a signed-in person's act.
    link_id: bigint,
  },
  storage: { strict: true },
  primaryKey: ['id'],
  indexes: [index('activity_person', ['person_id', 'id']), index('activity_action', ['action'])],
})

/** The assets an activity entry was about: an asset's own history reads them. */
export const activity_assets = table({
  name: 'activity_assets',
  columns: {
    activity_id: bigint.nn,
    asset_id: text.nn,
  },
  storage: { strict: true, withoutRowid: true },
  primaryKey: ['activity_id', 'asset_id'],
  references: [fk('activity_id', 'activity.id', 'cascade')],
  indexes: [index('activity_assets_asset', ['asset_id', 'activity_id'])],
})

export const change_log = table({
  name: 'change_log',
  columns: {
    seq: bigint.nn.identity('always'),
    tables: text.nn,
    at: text.nn,
  },
  storage: { strict: true, autoincrement: true },
  primaryKey: ['seq'],
})

export const change_pending = table({
  name: 'change_pending',
  only: { engine: 'sqlite', why: "a library's change triggers note topics here; a hub's in a transaction setting" },
  columns: {
    topic: text.nn,
  },
  primaryKey: ['topic'],
  storage: { strict: true, withoutRowid: true },
})

export const schema_migrations = table({
  name: 'schema_migrations',
  only: { engine: 'postgres', why: "a hub's applied migrations; a library counts in PRAGMA user_version" },
  columns: {
    version: int.nn,
    name: text.nn,
    applied_at: text.nn
      .on('postgres', { type: 'timestamp with time zone' }, 'set by the server')
      .default({ postgres: 'now()' }),
  },
  primaryKey: ['version'],
})
