import type { Database } from 'better-sqlite3'
import type { MediaAsset, MediaType, StackReason } from '../../../shared/contract'
import { toAsset, type VideoRow } from './media'

/**
 * SQL that holds when the asset `id` (an expression) is a member of a stack whose head is in the library (not in
 * the trash): what the library's "Stack related files" leaves out, as pages test it and the facet index reads it.
 */
export const SHOWN_UNDER_HEAD = (id: string) =>
  `EXISTS (SELECT 1 FROM stack_members s CROSS JOIN videos h ON h.id = s.head_id WHERE s.member_id = ${id})`

/** A file an import job recorded an asset for: the path it came from (an upload's name) and the asset. */
export interface JobFile {
  path: string
  assetId: string
  mediaType: MediaType
}

/** The stack an asset is in: its head (in the library) and why the asset is there. */
export interface StackHead {
  id: string
  name: string
  reason: StackReason
}

/** Stack memberships (migration 0310): which assets stand under which head's card, and why. */
export function createStacksRepo(db: Database) {
  const headOfStmt = db.prepare<[string], string>('SELECT head_id FROM stack_members WHERE member_id = ?').pluck()
  const insertStmt = db.prepare<[string, string, string]>(
    'INSERT INTO stack_members (member_id, head_id, reason) VALUES (?, ?, ?) ON CONFLICT (member_id) DO NOTHING',
  )
  const adoptStmt = db.prepare<[string, string]>('UPDATE stack_members SET head_id = ? WHERE head_id = ?')
  const sizesStmt = db
    .prepare<[string], [string, number]>(
      `SELECT head_id, count(*) FROM stack_members WHERE head_id IN (SELECT value FROM json_each(?)) GROUP BY head_id`,
    )
    .raw()
  const membersStmt = db.prepare<[string, number], VideoRow & { stack_reason: StackReason }>(
    `SELECT s.reason AS stack_reason, v.* FROM stack_members s CROSS JOIN videos v ON v.id = s.member_id
     WHERE s.head_id = ? ORDER BY s.reason, v.sort_name, v.id LIMIT ?`,
  )
  const memberCountStmt = db.prepare<[string], number>('SELECT count(*) FROM stack_members WHERE head_id = ?').pluck()
  const shownHeadStmt = db.prepare<[string], StackHead>(
    `SELECT h.id, h.name, s.reason FROM stack_members s CROSS JOIN videos h ON h.id = s.head_id WHERE s.member_id = ?`,
  )
  const jobFilesStmt = db.prepare<[string], JobFile>(
    `SELECT i.path, i.asset_id AS assetId, v.media_type AS mediaType
     FROM import_items i CROSS JOIN videos v ON v.id = i.asset_id
     WHERE i.job_id = ? AND i.outcome IN ('imported', 'duplicate') ORDER BY i.seq`,
  )
  // By the path index (INDEXED BY: with a media type in sight the planner would walk every asset of that type).
  const imageFromStmt = db
    .prepare<[string], string>(
      `SELECT id FROM videos INDEXED BY videos_original_path
       WHERE original_path = ? AND media_type = 'image' ORDER BY imported_at, id LIMIT 1`,
    )
    .pluck()
  // A range of that index: the paths that start with the bound (up to the last character there is).
  const videosFromStmt = db.prepare<[string, string], { id: string; originalPath: string }>(
    `SELECT id, original_path AS originalPath FROM videos INDEXED BY videos_original_path
     WHERE original_path >= ? AND original_path < ? AND media_type = 'video' ORDER BY original_path, id`,
  )
  const add = db.transaction((member: string, head: string, reason: StackReason): boolean => {
    const top = headOfStmt.get(head) ?? head
    if (top === member || insertStmt.run(member, top, reason).changes === 0) return false
    // A head that joins another stack brings its members along: stacks stay flat.
    adoptStmt.run(top, member)
    return true
  })
  return {
    /**
     * Puts `member` in the stack of `head` (or of the head `head` is in); false when it is in a stack already or
     * would head its own.
     */
    add,
    /** How many members each of these assets heads (assets heading none left out). */
    sizes: (ids: readonly string[]): Map<string, number> =>
      ids.length === 0 ? new Map() : new Map(sizesStmt.all(JSON.stringify(ids))),
    /** The first `limit` members `head` heads, by reason then name, and how many it heads in all. */
    members(
      head: string,
      limit: number,
    ): { members: Array<{ asset: MediaAsset; reason: StackReason }>; count: number } {
      const members = membersStmt.all(head, limit).map((row) => ({ asset: toAsset(row), reason: row.stack_reason }))
      return { members, count: members.length < limit ? members.length : (memberCountStmt.get(head) ?? 0) }
    },
    /** The head of the stack `member` is in, while that head is in the library; null otherwise. */
    shownHead: (member: string): StackHead | null => shownHeadStmt.get(member) ?? null,
    /** The files an import job recorded assets for, in the job's order. */
    jobFiles: (jobId: string): JobFile[] => jobFilesStmt.all(jobId),
    /** The image imported from this path (the first, if several were); null when none was. */
    imageFrom: (originalPath: string): string | null => imageFromStmt.get(originalPath) ?? null,
    /** The videos imported from a path that starts with `prefix`. */
    videosFrom: (prefix: string): Array<{ id: string; originalPath: string }> =>
      videosFromStmt.all(prefix, `${prefix}\u{10ffff}`),
  }
}
export type StacksRepo = ReturnType<typeof createStacksRepo>
