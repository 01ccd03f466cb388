import type { Role } from '../../../shared/access'
import { jsonValues } from '../sql/dialect'
import type { SqlEngine } from '../sql/sql-engine'
import { visibleMembers } from './visible-members'

/** A collection's share as stored: with one person (and their name) or with everyone of a role. */
export interface ShareRow {
  collectionId: number
  personId: number | null
  personName: string | null
  role: Role | null
  sharedBy: string | null
  sharedAt: string
}

/** Whom a share is with: a person by id, or a role. */
export type ShareTarget = { personId: number } | { role: Role }

const SHARE = `s.collection_id AS "collectionId", s.person_id AS "personId", p.name AS "personName", s.role,
  s.shared_by AS "sharedBy", s.shared_at AS "sharedAt"`

// The collections shared with the person `?` by name or by their role, as a subquery.
const SHARED_WITH = `SELECT s.collection_id FROM collection_shares s JOIN people p ON p.id = ?
  WHERE s.person_id = p.id OR s.role = p.role`

const targetColumns = (target: ShareTarget) =>
  'personId' in target ? { column: 'person_id', value: target.personId } : { column: 'role', value: target.role }

/** Who collections are shared with (a library's migration 0650, a hub's 0350), on either engine. */
export function createCollectionSharesRepo(sql: SqlEngine) {
  return {
    /** A collection's shares: people by name, then roles. */
    of: (collectionId: number): Promise<ShareRow[]> =>
      sql.all(
        `SELECT ${SHARE} FROM collection_shares s LEFT JOIN people p ON p.id = s.person_id
         WHERE s.collection_id = ? ORDER BY p.name IS NULL, p.name, s.role`,
        [collectionId],
      ),
    /** Shares a collection; false when it was shared with them already. */
    async add(collectionId: number, target: ShareTarget, by: string | null, at: string): Promise<boolean> {
      const { column, value } = targetColumns(target)
      const made = await sql.run(
        `INSERT INTO collection_shares (collection_id, ${column}, shared_by, shared_at) VALUES (?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
        [collectionId, value, by, at],
      )
      return made.changes > 0
    },
    /** Stops sharing a collection with a person or role; false when it was not shared with them. */
    async remove(collectionId: number, target: ShareTarget): Promise<boolean> {
      const { column, value } = targetColumns(target)
      const removed = await sql.run(`DELETE FROM collection_shares WHERE collection_id = ? AND ${column} = ?`, [
        collectionId,
        value,
      ])
      return removed.changes > 0
    },
    /** The ids of the collections shared with a person, by name or by their role, ascending. */
    visibleTo: async (personId: number): Promise<number[]> =>
      (
        await sql.all<{ id: number }>(
          `SELECT DISTINCT collection_id AS id FROM (${SHARED_WITH}) AS shared ORDER BY id`,
          [personId],
        )
      ).map((row) => row.id),
    /** Those of `ids` that are members of any of `collections`. */
    visibleAmong: async (collections: readonly number[], ids: readonly string[]): Promise<string[]> =>
      (
        await sql.all<{ id: string }>(
          `SELECT DISTINCT i.video_id AS id FROM collection_items i
           WHERE i.video_id IN (SELECT value FROM ${jsonValues(sql.dialect)})
             AND i.collection_id IN (SELECT CAST(value AS bigint) FROM ${jsonValues(sql.dialect)})`,
          [JSON.stringify(ids), JSON.stringify(collections)],
        )
      ).map((row) => row.id),
    /** Those of the workflows `ids` with an asset among the members of any of `collections`. */
    workflowsVisibleAmong: async (collections: readonly number[], ids: readonly string[]): Promise<string[]> =>
      (
        await sql.all<{ id: string }>(
          `SELECT DISTINCT wv.workflow_id AS id FROM workflow_videos wv
           JOIN collection_items i ON i.video_id = wv.video_id
           WHERE wv.workflow_id IN (SELECT value FROM ${jsonValues(sql.dialect)})
             AND i.collection_id IN (SELECT CAST(value AS bigint) FROM ${jsonValues(sql.dialect)})`,
          [JSON.stringify(ids), JSON.stringify(collections)],
        )
      ).map((row) => row.id),
    /** Those of the runs `ids` of a workflow with an asset among the members of any of `collections`. */
    executionsVisibleAmong: async (collections: readonly number[], ids: readonly string[]): Promise<string[]> =>
      (
        await sql.all<{ id: string }>(
          `SELECT DISTINCT e.id FROM workflow_executions e JOIN workflow_videos wv ON wv.workflow_id = e.workflow_id
           WHERE e.id IN (SELECT value FROM ${jsonValues(sql.dialect)})
             AND wv.video_id IN (${visibleMembers(jsonValues(sql.dialect))})`,
          [JSON.stringify(ids), JSON.stringify(collections)],
        )
      ).map((row) => row.id),
  }
}
export type CollectionSharesRepo = ReturnType<typeof createCollectionSharesRepo>
