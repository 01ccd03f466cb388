import type { Database } from 'better-sqlite3'
import type { ExecutionStatus } from '../../../shared/contract'

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

const COLUMNS = `e.id, e.workflow_id AS workflowId, e.status, e.started_at AS startedAt, e.completed_at AS completedAt,
  e.execution_data AS executionData, e.error, e.created_at AS createdAt,
  (SELECT count(*) FROM workflow_videos o WHERE o.execution_id = e.id AND o.role = 'output') AS outputs`

/** A run as written. */
export type NewExecution = Omit<ExecutionRow, 'outputs'> & { definitionId?: number | null }

type Filter = { workflowId: string | null; statuses: string | null }
const BY_STATUS = '(@statuses IS NULL OR e.status IN (SELECT value FROM json_each(@statuses)))'

/** Runs of workflows (migration 0200). */
export function createWorkflowExecutionsRepo(db: Database) {
  const getStmt = db.prepare<[string], ExecutionRow>(`SELECT ${COLUMNS} FROM workflow_executions e WHERE e.id = ?`)
  const insertStmt = db.prepare<NewExecution & { definitionId: number | null }>(
    `INSERT INTO workflow_executions (id, workflow_id, status, started_at, completed_at, execution_data, error, created_at,
       definition_id)
     VALUES (@id, @workflowId, @status, @startedAt, @completedAt, @executionData, @error, @createdAt, @definitionId)`,
  )
  const updateStmt = db.prepare<Omit<ExecutionRow, 'outputs' | 'workflowId' | 'createdAt'>>(
    `UPDATE workflow_executions SET status = @status, started_at = @startedAt, completed_at = @completedAt,
       execution_data = @executionData, error = @error
     WHERE id = @id`,
  )
  const setJobStmt = db.prepare<[string, string]>('UPDATE workflow_executions SET job_id = ? WHERE id = ?')
  const setDefinitionStmt = db.prepare<[number, string]>(
    'UPDATE workflow_executions SET definition_id = ? WHERE id = ? AND definition_id IS NULL',
  )
  const deleteUnusedStmt = db.prepare<[string]>(
    `DELETE FROM workflow_executions AS e WHERE e.id = ?
       AND NOT EXISTS (SELECT 1 FROM workflow_videos wv WHERE wv.execution_id = e.id)`,
  )
  // Newest first by the expression migration 0200 indexes per workflow; one statement per shape, so a
  // workflow's list walks that index instead of an OR the planner cannot.
  const listSql = (where: string) =>
    db.prepare<Filter & { limit: number; offset: number }, ExecutionRow>(
      `SELECT ${COLUMNS} FROM workflow_executions e WHERE ${where} AND ${BY_STATUS}
       ORDER BY coalesce(e.started_at, e.created_at) DESC, e.id DESC LIMIT @limit OFFSET @offset`,
    )
  const totalSql = (where: string) =>
    db.prepare<Filter, number>(`SELECT count(*) FROM workflow_executions e WHERE ${where} AND ${BY_STATUS}`).pluck()
  const ofWorkflow = { list: listSql('e.workflow_id = @workflowId'), total: totalSql('e.workflow_id = @workflowId') }
  const ofAll = { list: listSql('@workflowId IS NULL'), total: totalSql('@workflowId IS NULL') }

  return {
    get(id: string): ExecutionRow | undefined {
      return getStmt.get(id)
    },
    /** Records a run; `definitionId` is the exact definition it came with, when known (migration 0260). */
    insert(row: NewExecution): void {
      insertStmt.run({ ...row, definitionId: row.definitionId ?? null })
    },
    /** Writes status, times, data and error. */
    update(row: Omit<ExecutionRow, 'outputs' | 'workflowId' | 'createdAt'>): void {
      updateStmt.run(row)
    },
    /** Links runs to the job that runs them: when it ends, those it left queued or running end (migration 0390). */
    setJob(ids: readonly string[], jobId: string): void {
      for (const id of ids) setJobStmt.run(jobId, id)
    },
    /** Notes the exact definition a run came with, unless one is noted already. */
    setDefinition(id: string, definitionId: number): void {
      setDefinitionStmt.run(definitionId, id)
    },
    /** Deletes a run no asset is associated with any more; true when it went. */
    deleteUnused(id: string): boolean {
      return deleteUnusedStmt.run(id).changes > 0
    },
    /** A page, newest first, and how many match in all. */
    list(filter: Filter, limit: number, offset: number): { items: ExecutionRow[]; total: number } {
      const stmts = filter.workflowId === null ? ofAll : ofWorkflow
      return { items: stmts.list.all({ ...filter, limit, offset }), total: stmts.total.get(filter) ?? 0 }
    },
  }
}
export type WorkflowExecutionsRepo = ReturnType<typeof createWorkflowExecutionsRepo>
