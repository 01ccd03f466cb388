import type { MediaListItem, StackReason } from '../../../shared/contract'
import { jsonValues } from '../sql/dialect'
import type { SqlDialect, SqlEngine } from '../sql/sql-engine'
import { listColumns, listedOfRow, type ListedRow } from './media-list-columns'

/** How many members each head listed in a bound JSON array heads (heads of none left out), in either dialect. */
export const stackSizesSql = (dialect: SqlDialect) =>
  `SELECT head_id AS head, count(*) AS size FROM stack_members
   WHERE head_id IN (SELECT value FROM ${jsonValues(dialect)}) GROUP BY head_id`

/** The stack an asset is in: its head (in the library) and why the asset is there. */
export interface StackHead {
  id: string
  name: string
  reason: StackReason
}

/**
 * Stack memberships (a library's migration 0310, a hub's 0150), on either engine: which assets stand under which
 * head's card, and why.
 */
export function createStacksRepo(sql: SqlEngine) {
  // Text ordered by code point on both engines (SQLite's BINARY; PostgreSQL's database collation may not be).
  const C = sql.dialect === 'postgres' ? ' COLLATE "C"' : ''
  // The path index (a library's migration 0310, a hub's 0180) in code-point order on both engines, so that a range of
  // paths holds the same paths on both.
  const PATH = `original_path${C}`
  return {
    /**
     * Puts `member` in the stack of `head` (or of the head `head` is in); false when it is in a stack already or
     * would head its own. Serializable: of two adds at once, one making `head` a member and one putting an asset
     * under it, one is run again after the other, so no stack ends up under another's member.
     */
    add: (member: string, head: string, reason: StackReason): Promise<boolean> =>
      sql.transaction(
        async (tx) => {
          const above = await tx.get<{ head_id: string }>('SELECT head_id FROM stack_members WHERE member_id = ?', [
            head,
          ])
          const top = above?.head_id ?? head
          if (top === member) return false
          const inserted = await tx.run(
            'INSERT INTO stack_members (member_id, head_id, reason) VALUES (?, ?, ?) ON CONFLICT (member_id) DO NOTHING',
            [member, top, reason],
          )
          if (inserted.changes === 0) return false
          // A head that joins another stack brings its members along: stacks stay flat.
          await tx.run('UPDATE stack_members SET head_id = ? WHERE head_id = ?', [top, member])
          return true
        },
        { serializable: true },
      ),
    /** A page of every stack membership in member order, after the member `after` ('': from the first). */
    membershipsAfter: (after: string, limit: number) =>
      sql.all<{ memberId: string; headId: string; reason: StackReason }>(
        `SELECT member_id AS "memberId", head_id AS "headId", reason FROM stack_members
         WHERE member_id${C} > ? ORDER BY member_id${C} LIMIT ?`,
        [after, limit],
      ),
    /** How many members each of these assets heads (assets heading none left out). */
    async sizes(ids: readonly string[]): Promise<Map<string, number>> {
      if (ids.length === 0) return new Map()
      const rows = await sql.all<{ head: string; size: number }>(stackSizesSql(sql.dialect), [JSON.stringify(ids)])
      return new Map(rows.map((row) => [row.head, row.size]))
    },
    /**
     * The first `limit` members `head` heads, by reason then name, and how many it heads in all (two statements:
     * in a read-only transaction they agree).
     */
    async members(
      head: string,
      limit: number,
    ): Promise<{ members: Array<{ asset: MediaListItem; reason: StackReason }>; count: number }> {
      const rows = await sql.all<ListedRow & { stack_reason: StackReason }>(
        `SELECT s.reason AS stack_reason, ${listColumns('card')} FROM stack_members s JOIN videos v ON v.id = s.member_id
         WHERE s.head_id = ? ORDER BY s.reason${C}, v.sort_name${C}, v.id${C} LIMIT ?`,
        [head, limit],
      )
      // List items: the stack dialog shows each member as a small card.
      const members = rows.map((row) => ({
        asset: listedOfRow('card', row).asset as MediaListItem,
        reason: row.stack_reason,
      }))
      if (members.length < limit) return { members, count: members.length }
      const counted = await sql.get<{ count: number }>(
        'SELECT count(*) AS count FROM stack_members WHERE head_id = ?',
        [head],
      )
      return { members, count: counted?.count ?? 0 }
    },
    /** The head of the stack `member` is in, while that head is in the library; null otherwise. */
    shownHead: async (member: string): Promise<StackHead | null> =>
      (await sql.get<StackHead>(
        'SELECT h.id, h.name, s.reason FROM stack_members s JOIN videos h ON h.id = s.head_id WHERE s.member_id = ?',
        [member],
      )) ?? null,
    /** The image imported from this path (the first, if several were); null when none was. */
    imageFrom: async (originalPath: string): Promise<string | null> =>
      (
        await sql.get<{ id: string }>(
          `SELECT id FROM videos WHERE ${PATH} = ? AND media_type = 'image' ORDER BY imported_at${C}, id${C} LIMIT 1`,
          [originalPath],
        )
      )?.id ?? null,
    /**
     * The videos imported from a path that starts with `prefix`, by path: a range of the path index (up to the last
     * character there is). The media type is told apart here, not in the statement: with it in sight SQLite's
     * planner walks every asset of that type instead.
     */
    async videosFrom(prefix: string): Promise<Array<{ id: string; originalPath: string }>> {
      const rows = await sql.all<{ id: string; originalPath: string; mediaType: string }>(
        `SELECT id, original_path AS "originalPath", media_type AS "mediaType" FROM videos
         WHERE ${PATH} >= ? AND ${PATH} < ? ORDER BY ${PATH}, id${C}`,
        [prefix, `${prefix}\u{10ffff}`],
      )
      return rows.filter((row) => row.mediaType === 'video').map(({ id, originalPath }) => ({ id, originalPath }))
    },
  }
}
export type StacksRepo = ReturnType<typeof createStacksRepo>
