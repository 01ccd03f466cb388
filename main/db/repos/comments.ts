import type { SqlEngine } from '../sql/sql-engine'

/** A comment as stored, with the name of the asset it is on. */
export interface CommentRow {
  id: number
  assetId: string
  assetName: string
  parentId: number | null
  authorId: number | null
  authorName: string
  guest: number
  body: string
  at: number | null
  end: number | null
  regionX: number | null
  regionY: number | null
  regionW: number | null
  regionH: number | null
  createdAt: string
  editedAt: string | null
  resolvedAt: string | null
  resolvedBy: string | null
  deletedAt: string | null
  deletedBy: string | null
}

/** What a new comment is made of. */
export type NewComment = Omit<
  CommentRow,
  'id' | 'assetName' | 'editedAt' | 'resolvedAt' | 'resolvedBy' | 'deletedAt' | 'deletedBy'
>

/** Someone a comment mentions. */
export interface MentionRow {
  commentId: number
  personId: number
  personName: string
}

const COLUMNS = `c.id, c.asset_id AS "assetId", v.name AS "assetName", c.parent_id AS "parentId",
  c.author_id AS "authorId", c.author_name AS "authorName", c.guest, c.body, c.at_seconds AS "at",
  c.end_seconds AS "end", c.region_x AS "regionX", c.region_y AS "regionY", c.region_w AS "regionW",
  c.region_h AS "regionH", c.created_at AS "createdAt", c.edited_at AS "editedAt", c.resolved_at AS "resolvedAt",
  c.resolved_by AS "resolvedBy", c.deleted_at AS "deletedAt", c.deleted_by AS "deletedBy"`

// The assets of the stack an asset is in (its head and every member), or the asset alone; binds the asset twice.
const STACK_OF = `WITH stack (head) AS (SELECT coalesce((SELECT head_id FROM stack_members WHERE member_id = ?), ?)),
  stacked (id) AS (SELECT head FROM stack UNION SELECT member_id FROM stack_members WHERE head_id = (SELECT head FROM stack))`

// A deleted comment is shown while a reply to it is there (so the reply keeps its place), never else.
const SHOWN = `(c.deleted_at IS NULL OR (c.parent_id IS NULL AND EXISTS (
  SELECT 1 FROM comments r WHERE r.parent_id = c.id AND r.deleted_at IS NULL)))`

/** Comments on assets and whom they mention (a library's migration 0620, a hub's 0360), on either engine. */
export function createCommentsRepo(sql: SqlEngine) {
  return {
    /** The comments shown on the stack `assetId` is in (or on it alone): each thread in order, its replies after it. */
    ofStack: (assetId: string): Promise<CommentRow[]> =>
      sql.all(
        `${STACK_OF} SELECT ${COLUMNS} FROM comments c JOIN videos v ON v.id = c.asset_id
         WHERE c.asset_id IN (SELECT id FROM stacked) AND ${SHOWN} ORDER BY coalesce(c.parent_id, c.id), c.id`,
        [assetId, assetId],
      ),
    /** Who the comments shown on the stack `assetId` is in mention. */
    mentionsOfStack: (assetId: string): Promise<MentionRow[]> =>
      sql.all(
        `${STACK_OF} SELECT m.comment_id AS "commentId", m.person_id AS "personId", m.person_name AS "personName"
         FROM comment_mentions m JOIN comments c ON c.id = m.comment_id
         WHERE c.asset_id IN (SELECT id FROM stacked) ORDER BY m.comment_id, m.person_name`,
        [assetId, assetId],
      ),
    get: (id: number): Promise<CommentRow | undefined> =>
      sql.get(`SELECT ${COLUMNS} FROM comments c JOIN videos v ON v.id = c.asset_id WHERE c.id = ?`, [id]),
    mentionsOf: (id: number): Promise<MentionRow[]> =>
      sql.all(
        `SELECT comment_id AS "commentId", person_id AS "personId", person_name AS "personName"
         FROM comment_mentions WHERE comment_id = ? ORDER BY person_name`,
        [id],
      ),
    async insert(row: NewComment): Promise<number> {
      const inserted = await sql.get<{ id: number }>(
        `INSERT INTO comments (asset_id, parent_id, author_id, author_name, guest, body, at_seconds, end_seconds,
           region_x, region_y, region_w, region_h, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        [
          row.assetId,
          row.parentId,
          row.authorId,
          row.authorName,
          row.guest,
          row.body,
          row.at,
          row.end,
          row.regionX,
          row.regionY,
          row.regionW,
          row.regionH,
          row.createdAt,
        ],
      )
      return inserted!.id
    },
    /** Makes `mentions` the people a comment mentions. */
    async setMentions(commentId: number, mentions: ReadonlyArray<{ id: number; name: string }>): Promise<void> {
      await sql.run('DELETE FROM comment_mentions WHERE comment_id = ?', [commentId])
      for (const person of mentions) {
        await sql.run('INSERT INTO comment_mentions (comment_id, person_id, person_name) VALUES (?, ?, ?)', [
          commentId,
          person.id,
          person.name,
        ])
      }
    },
    /** Gives a comment new words; false when it is deleted (or gone). */
    edit: async (id: number, body: string, at: string): Promise<boolean> =>
      (await sql.run('UPDATE comments SET body = ?, edited_at = ? WHERE id = ? AND deleted_at IS NULL', [body, at, id]))
        .changes > 0,
    /** Deletes a comment's words and notes who did; false when it was deleted already (or is gone). */
    markDeleted: async (id: number, by: string, at: string): Promise<boolean> =>
      (
        await sql.run(
          `UPDATE comments SET body = '', deleted_at = ?, deleted_by = ? WHERE id = ? AND deleted_at IS NULL`,
          [at, by, id],
        )
      ).changes > 0,
    /** Resolves a comment (by, at) or opens it again (nulls); false when it is deleted (or gone). */
    setResolved: async (id: number, by: string | null, at: string | null): Promise<boolean> =>
      (
        await sql.run('UPDATE comments SET resolved_at = ?, resolved_by = ? WHERE id = ? AND deleted_at IS NULL', [
          at,
          by,
          id,
        ])
      ).changes > 0,
  }
}
export type CommentsRepo = ReturnType<typeof createCommentsRepo>
