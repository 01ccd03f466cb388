import { jsonValues } from '../sql/dialect'
import type { SqlEngine, SqlValue } from '../sql/sql-engine'

/** An inbox entry as stored, with the name of its asset and the words of its comment. */
export interface InboxRow {
  id: number
  kind: 'mention' | 'reply' | 'status'
  assetId: string
  assetName: string
  commentId: number | null
  commentBody: string | null
  commentAt: number | null
  status: string | null
  actor: string
  createdAt: string
  readAt: string | null
}

/** What of a person's inbox is asked: whose, and the collections whose assets they may see (null: every asset). */
export interface InboxOwner {
  personId: number
  visibleIn: readonly number[] | null
}

const ROW = `e.id, e.kind, e.asset_id AS "assetId", v.name AS "assetName", e.comment_id AS "commentId",
  c.body AS "commentBody", c.at_seconds AS "commentAt", e.status, e.actor_name AS actor, e.created_at AS "createdAt",
  e.read_at AS "readAt"`

// The entries of the person `?` on assets they may see (the collections of the second `?`, when limited).
const visibleEntries = (sql: SqlEngine, owner: InboxOwner): { where: string; params: SqlValue[] } =>
  owner.visibleIn === null
    ? { where: 'e.person_id = ?', params: [owner.personId] }
    : {
        where: `e.person_id = ? AND EXISTS (SELECT 1 FROM collection_items i WHERE i.video_id = e.asset_id
          AND i.collection_id IN (SELECT CAST(value AS bigint) FROM ${jsonValues(sql.dialect)}))`,
        params: [owner.personId, JSON.stringify(owner.visibleIn)],
      }

/** Each person's inbox (a library's migration 0750, a hub's 0400), on either engine. */
export function createInboxRepo(sql: SqlEngine) {
  return {
    /** A page of a person's inbox, newest first, older than `before` when given. */
    page(owner: InboxOwner, before: number | null, limit: number): Promise<InboxRow[]> {
      const { where, params } = visibleEntries(sql, owner)
      return sql.all(
        `SELECT ${ROW} FROM inbox_entries e JOIN videos v ON v.id = e.asset_id
         LEFT JOIN comments c ON c.id = e.comment_id
         WHERE ${where} ${before === null ? '' : 'AND e.id < ?'} ORDER BY e.id DESC LIMIT ?`,
        [...params, ...(before === null ? [] : [before]), limit],
      )
    },
    /** How many of a person's entries they have not read. */
    async unread(owner: InboxOwner): Promise<number> {
      const { where, params } = visibleEntries(sql, owner)
      const row = await sql.get<{ n: number | string }>(
        `SELECT count(*) AS n FROM inbox_entries e WHERE ${where} AND e.read_at IS NULL`,
        params,
      )
      return Number(row!.n)
    },
    /** Marks these entries of a person read (others' are left alone). */
    markRead: async (personId: number, ids: readonly number[], at: string): Promise<void> =>
      void (await sql.run(
        `UPDATE inbox_entries SET read_at = ? WHERE person_id = ? AND read_at IS NULL
           AND id IN (SELECT CAST(value AS bigint) FROM ${jsonValues(sql.dialect)})`,
        [at, personId, JSON.stringify(ids)],
      )),
    /** Marks read a person's entries up to `upTo` (the newest they were shown): what came after stays unread. */
    markAllRead: async (personId: number, upTo: number, at: string): Promise<void> =>
      void (await sql.run('UPDATE inbox_entries SET read_at = ? WHERE person_id = ? AND read_at IS NULL AND id <= ?', [
        at,
        personId,
        upTo,
      ])),
    /**
     * Makes a comment's entries follow it: one for each person it mentions (not its author), one for the author of
     * the comment it replies to (unless mentioned too); none once it is deleted. Run after its mentions change.
     */
    async followComment(commentId: number): Promise<void> {
      await sql.run(
        `DELETE FROM inbox_entries WHERE comment_id = ? AND kind IN ('mention', 'reply')
           AND (person_id NOT IN (SELECT person_id FROM comment_mentions WHERE comment_id = ?)
             OR EXISTS (SELECT 1 FROM comments c WHERE c.id = ? AND c.deleted_at IS NOT NULL))`,
        [commentId, commentId, commentId],
      )
      await sql.run(
        `INSERT INTO inbox_entries (person_id, kind, asset_id, comment_id, actor_name, created_at)
         SELECT m.person_id, 'mention', c.asset_id, c.id, c.author_name, c.created_at
         FROM comment_mentions m JOIN comments c ON c.id = m.comment_id
         WHERE m.comment_id = ? AND c.deleted_at IS NULL AND (c.author_id IS NULL OR m.person_id <> c.author_id)
           AND NOT EXISTS (SELECT 1 FROM inbox_entries e WHERE e.comment_id = c.id AND e.person_id = m.person_id
             AND e.kind = 'mention')
         ORDER BY m.person_id`,
        [commentId],
      )
      await sql.run(
        `INSERT INTO inbox_entries (person_id, kind, asset_id, comment_id, actor_name, created_at)
         SELECT p.author_id, 'reply', c.asset_id, c.id, c.author_name, c.created_at
         FROM comments c JOIN comments p ON p.id = c.parent_id
         WHERE c.id = ? AND c.deleted_at IS NULL AND p.author_id IS NOT NULL AND p.guest = 0
           AND (c.author_id IS NULL OR c.author_id <> p.author_id)
           AND NOT EXISTS (SELECT 1 FROM inbox_entries e WHERE e.comment_id = c.id AND e.person_id = p.author_id)`,
        [commentId],
      )
    },
    /**
     * Tells of a review status set on an asset everyone who imported it or commented on it but who set it (the
     * person `actorId`; none for a guest), with the comment it carried.
     */
    noteStatus: async (change: {
      assetId: string
      status: string
      commentId: number | null
      actorId: number | null
      actor: string
      at: string
    }): Promise<void> =>
      void (await sql.run(
        `INSERT INTO inbox_entries (person_id, kind, asset_id, comment_id, status, actor_name, created_at)
         SELECT p.id, 'status', ?, CAST(? AS bigint), ?, ?, ? FROM people p
         WHERE p.id <> ? AND (p.name = (SELECT imported_by FROM videos WHERE id = ?)
           OR EXISTS (SELECT 1 FROM comments c WHERE c.asset_id = ? AND c.author_id = p.id AND c.guest = 0))
         ORDER BY p.id`,
        [
          change.assetId,
          change.commentId,
          change.status,
          change.actor,
          change.at,
          change.actorId ?? -1,
          change.assetId,
          change.assetId,
        ],
      )),
  }
}
export type InboxRepo = ReturnType<typeof createInboxRepo>
