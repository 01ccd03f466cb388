import type { ExecutionStatus } from '../../../shared/contract'
import { jsonValues } from '../sql/dialect'
import type { SqlEngine } from '../sql/sql-engine'
import { visibleMembers } from './visible-members'

/** A `workflow_executions` row with its output count; `executionData` is the stored JSON text. */
export interface ExecutionRow {
  id: string
  workflowId: string
  status: ExecutionStatus
  startedAt: string | null
  completedAt: string | null
  executionData: string | null
  error: string | null
  createdAt: string
  outputs: number
}

const COLUMNS = `e.id, e.workflow_id AS "workflowId", e.status, e.started_at AS "startedAt",
  e.completed_at AS "completedAt", e.execution_data AS "executionData", e.error, e.created_at AS "createdAt",
  (SELECT count(*) FROM workflow_videos o WHERE o.execution_id = e.id AND o.role = 'output') AS outputs`

/** A run as written. */
export type NewExecution = Omit<ExecutionRow, 'outputs'> & { definitionId?: number | null }

/** A run as another library is sent it: with the hash of the definition it came with (null: not recorded). */
export type RunRecord = Omit<ExecutionRow, 'workflowId' | 'outputs'> & { definitionHash: string | null }

/**
 * Which runs a page holds: of one workflow (null: any), in some statuses (a JSON list; null: any), of workflows with
 * an asset among these collections' members (a JSON list of ids: what a limited person sees; null: any).
 */
type Filter = { workflowId: string | null; statuses: string | null; visibleIn: string | null }

/** Runs of workflows (a library's migrations 0200, 0260 and 0390, a hub's 0070), on either engine. */
export function createWorkflowExecutionsRepo(sql: SqlEngine) {
  const json = jsonValues(sql.dialect)
  // Of one workflow, or of all: two statement shapes, so a workflow's list walks the index migration 0200 made on
  // (workflow_id, coalesce(started_at, created_at), id) instead of an OR the planner cannot use it for.
  const where = ({ workflowId, statuses, visibleIn }: Filter) => ({
    sql: `${workflowId === null ? 'true' : 'e.workflow_id = ?'}
      AND (CAST(? AS text) IS NULL OR e.status IN (SELECT value FROM ${json}))
      AND (CAST(? AS text) IS NULL OR e.workflow_id IN (SELECT wv.workflow_id FROM workflow_videos wv
           WHERE wv.video_id IN (${visibleMembers(json)})))`,
    params: [...(workflowId === null ? [] : [workflowId]), statuses, statuses, visibleIn, visibleIn],
  })

  return {
    get: (id: string) => sql.get<ExecutionRow>(`SELECT ${COLUMNS} FROM workflow_executions e WHERE e.id = ?`, [id]),
    /** Records a run; `definitionId` is the exact definition it came with, when known (migration 0260). */
    async insert(row: NewExecution): Promise<void> {
      await sql.run(
        `INSERT INTO workflow_executions (id, workflow_id, status, started_at, completed_at, execution_data, error,
           created_at, definition_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          row.id,
          row.workflowId,
          row.status,
          row.startedAt,
          row.completedAt,
          row.executionData,
          row.error,
          row.createdAt,
          row.definitionId ?? null,
        ],
      )
    },
    /** Writes status, times, data and error. */
    async update(row: Omit<ExecutionRow, 'outputs' | 'workflowId' | 'createdAt'>): Promise<void> {
      await sql.run(
        `UPDATE workflow_executions SET status = ?, started_at = ?, completed_at = ?, execution_data = ?, error = ?
         WHERE id = ?`,
        [row.status, row.startedAt, row.completedAt, row.executionData, row.error, row.id],
      )
    },
    /**
     * Links runs to the job that runs them, in one statement: when the job ends, a library's trigger ends those it
     * left queued or running (a library's migration 0390, a hub's 0200).
     */
    async setJob(ids: readonly string[], jobId: string): Promise<void> {
      await sql.run(`UPDATE workflow_executions SET job_id = ? WHERE id IN (SELECT value FROM ${json})`, [
        jobId,
        JSON.stringify(ids),
      ])
    },
    /** Notes the exact definition a run came with, unless one is noted already. */
    async setDefinition(id: string, definitionId: number): Promise<void> {
      await sql.run('UPDATE workflow_executions SET definition_id = ? WHERE id = ? AND definition_id IS NULL', [
        definitionId,
        id,
      ])
    },
    /** Which of these run ids are runs of the workflow. */
    heldIds: async (workflowId: string, ids: readonly string[]): Promise<string[]> =>
      (
        await sql.all<{ id: string }>(
          `SELECT id FROM workflow_executions WHERE workflow_id = ? AND id IN (SELECT value FROM ${json})`,
          [workflowId, JSON.stringify(ids)],
        )
      ).map((row) => row.id),
    /** A page of the workflow's runs in id order after `afterId` ('': from the first), with their definitions' hashes. */
    runsAfter: (workflowId: string, afterId: string, limit: number) =>
      sql.all<RunRecord>(
        `SELECT e.id, e.status, e.started_at AS "startedAt", e.completed_at AS "completedAt",
           e.execution_data AS "executionData", e.error, e.created_at AS "createdAt", d.hash AS "definitionHash"
         FROM workflow_executions e LEFT JOIN workflow_definitions d ON d.id = e.definition_id
         WHERE e.workflow_id = ? AND e.id > ? ORDER BY e.id LIMIT ?`,
        [workflowId, afterId, limit],
      ),
    /** Deletes a run no asset is associated with any more; true when it went. */
    deleteUnused: async (id: string): Promise<boolean> =>
      (
        await sql.run(
          `DELETE FROM workflow_executions WHERE id = ?
           AND NOT EXISTS (SELECT 1 FROM workflow_videos wv WHERE wv.execution_id = workflow_executions.id)`,
          [id],
        )
      ).changes > 0,
    /** A page, newest first (a queued run, not started, by when it was queued), and how many match in all. */
    async list(filter: Filter, limit: number, offset: number): Promise<{ items: ExecutionRow[]; total: number }> {
      const match = where(filter)
      const items = await sql.all<ExecutionRow>(
        `SELECT ${COLUMNS} FROM workflow_executions e WHERE ${match.sql}
         ORDER BY coalesce(e.started_at, e.created_at) DESC, e.id DESC LIMIT ? OFFSET ?`,
        [...match.params, limit, offset],
      )
      const total = await sql.get<{ total: number }>(
        `SELECT count(*) AS total FROM workflow_executions e WHERE ${match.sql}`,
        match.params,
      )
      return { items, total: total?.total ?? 0 }
    },
  }
}
export type WorkflowExecutionsRepo = ReturnType<typeof createWorkflowExecutionsRepo>
