import { fk, bigint, text, index, table } from '../declare'

/**
 * A person's inbox (issue 60 point 6): one row per thing that reached them, written as it happens (an @mention, a
 * reply to their comment, a review status set on an asset they imported or commented on), never for their own acts.
 * Who may see the asset is asked as the inbox is read (a share may end later), so a row may outlive what it shows.
 */
export const inbox_entries = table({
  name: 'inbox_entries',
  columns: {
    id: bigint.nn.identity('by default'),
    person_id: bigint.nn,
    kind: text.nn,
    asset_id: text.nn,
    // The comment it is about (a mention, a reply, the comment a status change carried).
    comment_id: bigint,
    // The status set (a status change alone).
    status: text,
    actor_name: text.nn,
    created_at: text.nn,
    read_at: text,
  },
  checks: [
    "kind IN ('mention', 'reply', 'status')",
    "(kind = 'status') = (status IS NOT NULL)",
    "kind = 'status' OR comment_id IS NOT NULL",
  ],
  storage: { strict: true },
  primaryKey: ['id'],
  references: [
    fk('person_id', 'people.id', 'cascade'),
    fk('asset_id', 'videos.id', 'cascade'),
    fk('comment_id', 'comments.id', 'cascade'),
  ],
  indexes: [index('inbox_entries_person', ['person_id', 'id']), index('inbox_entries_comment', ['comment_id'])],
  topics: ['inbox_entries'],
})
