import { fk, bigint, int, real, text, index, table } from '../declare'

// Comments on assets (issue 60 point 1): pinned to a time, a range or a region of the picture; replies name their
// parent (one level); a deleted comment stays as a tombstone (who and when, no body) so a reply to it is kept.
export const comments = table({
  name: 'comments',
  columns: {
    id: bigint.nn.identity('by default'),
    asset_id: text.nn,
    parent_id: bigint,
    // The signed-in person (null on a library of one user, whose actor writes, and for a guest of a review link).
    author_id: bigint,
    author_name: text.nn,
    guest: int.nn.default('0'),
    body: text.nn,
    at_seconds: real,
    end_seconds: real,
    region_x: real,
    region_y: real,
    region_w: real,
    region_h: real,
    created_at: text.nn,
    edited_at: text,
    resolved_at: text,
    resolved_by: text,
    deleted_at: text,
    deleted_by: text,
  },
  checks: [
    'guest IN (0, 1)',
    "body <> '' OR deleted_at IS NOT NULL",
    'at_seconds >= 0',
    'end_seconds > coalesce(at_seconds, end_seconds)',
    'region_w > 0 AND region_h > 0',
  ],
  storage: { strict: true },
  primaryKey: ['id'],
  references: [fk('asset_id', 'videos.id', 'cascade'), fk('parent_id', 'comments.id', 'cascade')],
  indexes: [index('comments_asset', ['asset_id', 'id']), index('comments_parent', ['parent_id'])],
  topics: ['comments'],
})

// Who a comment @mentions, by person (an inbox finds a person's mentions by the index), with the name as written.
export const comment_mentions = table({
  name: 'comment_mentions',
  columns: {
    comment_id: bigint.nn,
    person_id: bigint.nn,
    person_name: text.nn,
  },
  storage: { strict: true, withoutRowid: true },
  primaryKey: ['comment_id', 'person_id'],
  references: [fk('comment_id', 'comments.id', 'cascade')],
  indexes: [index('comment_mentions_person', ['person_id', 'comment_id'])],
  topics: ['comment_mentions'],
})

// Each change of an asset's review status (issue 60 point 2), with who made it and when and the comment it carried;
// the newest is copied to videos.review_status (for the facet index and the filter).
export const asset_reviews = table({
  name: 'asset_reviews',
  columns: {
    id: bigint.nn.identity('by default'),
    asset_id: text.nn,
    status: text.nn,
    set_by: text.nn,
    set_at: text.nn,
    comment_id: bigint,
  },
  checks: ["status IN ('none', 'in-review', 'needs-changes', 'approved')"],
  storage: { strict: true },
  primaryKey: ['id'],
  references: [fk('asset_id', 'videos.id', 'cascade'), fk('comment_id', 'comments.id', 'set null')],
  indexes: [index('asset_reviews_asset', ['asset_id', 'id'])],
  topics: ['asset_reviews'],
})

/**
 * Review links (issue 60 point 4): a secret address that shows one collection to whoever opens it, with no account.
 * Only the token's hash is kept (the token is shown once, at creation), and a password's slow hash (scrypt, salted).
 * A revoked link stays, with who revoked it and when, so its visitors are told it was revoked rather than unknown.
 */
export const review_links = table({
  name: 'review_links',
  columns: {
    id: bigint.nn.identity('by default'),
    collection_id: bigint.nn,
    token_hash: text.nn,
    password_hash: text,
    downloads: int.nn.default('0'),
    expires_at: text,
    created_by: text,
    created_at: text.nn,
    revoked_at: text,
    revoked_by: text,
  },
  checks: ['downloads IN (0, 1)'],
  storage: { strict: true },
  primaryKey: ['id'],
  references: [fk('collection_id', 'collections.id', 'cascade')],
  unique: [{ columns: ['token_hash'] }],
  indexes: [index('review_links_collection', ['collection_id', 'id'])],
  topics: ['review_links'],
})
