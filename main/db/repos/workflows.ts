import type { Database } from 'better-sqlite3'
import type { WorkflowFormat, WorkflowStats, WorkflowStatus, WorkflowSummary } from '../../../shared/contract'
import type { NameOrigin } from '../../../shared/workflow-graph/workflow-name'

/** A `workflows` row as the service writes it. */
export interface WorkflowRow {
  id: string
  name: string
  description: string | null
  status: WorkflowStatus
  definition: string
  format: WorkflowFormat
  definitionHash: string
  source: string | null
  createdAt: string
  updatedAt: string
  /** Where the name came from (migration 0270); null when unknown: written before, or by another tool. */
  nameOrigin: NameOrigin | null
}

/** The bound values of a workflow list: JSON lists of statuses and formats, a LIKE pattern and an FTS match. */
export interface WorkflowListParams {
  statuses: string | null
  formats: string | null
  namePattern: string | null
  promptMatch: string | null
  limit: number
  offset: number
}

const SUMMARY = `w.id, w.name, w.description, w.status, w.format, w.definition_hash AS definitionHash, w.source,
  w.created_at AS createdAt, w.updated_at AS updatedAt, w.last_executed_at AS lastExecutedAt,
  (SELECT count(*) FROM workflow_executions e WHERE e.workflow_id = w.id) AS executions,
  (SELECT count(*) FROM workflow_videos o WHERE o.workflow_id = w.id AND o.role = 'output') AS outputs`

// A list row: the summary, the newest output (by import time: a run's outputs arrive as it ends), and the seed
// and prompt of the newest output that records either.
const LIST_ITEM = `${SUMMARY},
  (SELECT o.video_id FROM workflow_videos o JOIN videos v ON v.id = o.video_id
   WHERE o.workflow_id = w.id AND o.role = 'output' ORDER BY v.imported_at DESC, v.id DESC LIMIT 1) AS posterAsset,
  (SELECT json_object('seed', g.seed, 'prompt', g.prompt)
   FROM workflow_videos o JOIN videos v ON v.id = o.video_id JOIN video_generation g ON g.video_id = o.video_id
   WHERE o.workflow_id = w.id AND o.role = 'output' AND (g.seed IS NOT NULL OR g.prompt IS NOT NULL)
   ORDER BY v.imported_at DESC, v.id DESC LIMIT 1) AS latestJson`

/** A list row as read: `latestJson` is the newest output's seed and prompt as JSON, or null. */
export type WorkflowListRow = WorkflowSummary & { posterAsset: string | null; latestJson: string | null }

// A query matches a workflow by its name, or by the prompt of an asset on it (the text index's prompt column).
const LIST_WHERE = `
  (@statuses IS NULL OR w.status IN (SELECT value FROM json_each(@statuses)))
  AND (@formats IS NULL OR w.format IN (SELECT value FROM json_each(@formats)))
  AND (@namePattern IS NULL OR w.name LIKE @namePattern ESCAPE '\\'
       OR (@promptMatch IS NOT NULL AND w.id IN (
         SELECT wv.workflow_id FROM videos_fts f
         JOIN videos_fts_keys k ON k.fts_rowid = f.rowid
         JOIN workflow_videos wv ON wv.video_id = k.asset_id
         WHERE videos_fts MATCH @promptMatch)))`

/** Workflows (migration 0200): rows, the list, statistics. */
export function createWorkflowsRepo(db: Database) {
  const getStmt = db.prepare<[string], WorkflowSummary & { definition: string }>(
    `SELECT ${SUMMARY}, w.definition FROM workflows w WHERE w.id = ?`,
  )
  const existsStmt = db.prepare<[string], number>('SELECT 1 FROM workflows WHERE id = ?').pluck()
  const insertStmt = db.prepare<WorkflowRow>(
    `INSERT INTO workflows (id, name, description, status, definition, format, definition_hash, source, created_at,
       updated_at, name_origin)
     VALUES (@id, @name, @description, @status, @definition, @format, @definitionHash, @source, @createdAt, @updatedAt,
       @nameOrigin)`,
  )
  const updateStmt = db.prepare<Omit<WorkflowRow, 'source' | 'createdAt'>>(
    `UPDATE workflows SET name = @name, description = @description, status = @status, definition = @definition,
       format = @format, definition_hash = @definitionHash, updated_at = @updatedAt, name_origin = @nameOrigin
     WHERE id = @id`,
  )
  const nameOriginStmt = db
    .prepare<[string], NameOrigin | null>('SELECT name_origin FROM workflows WHERE id = ?')
    .pluck()
  const ranStmt = db.prepare<[string, string, string]>(
    `UPDATE workflows SET last_executed_at = ? WHERE id = ? AND (last_executed_at IS NULL OR last_executed_at < ?)`,
  )
  const deleteStmt = db.prepare<[string]>('DELETE FROM workflows WHERE id = ?')
  const definitionStmt = db.prepare<[string], string>('SELECT definition FROM workflows WHERE id = ?').pluck()
  const countsStmt = db.prepare<{ id: string }, { executions: number; associations: number }>(
    `SELECT (SELECT count(*) FROM workflow_executions WHERE workflow_id = @id) AS executions,
            (SELECT count(*) FROM workflow_videos WHERE workflow_id = @id) AS associations`,
  )
  const listStmt = db.prepare<WorkflowListParams, WorkflowListRow>(
    `SELECT ${LIST_ITEM} FROM workflows w WHERE ${LIST_WHERE}
     ORDER BY w.updated_at DESC, w.id DESC LIMIT @limit OFFSET @offset`,
  )
  const totalStmt = db
    .prepare<Omit<WorkflowListParams, 'limit' | 'offset'>, number>(
      `SELECT count(*) FROM workflows w WHERE ${LIST_WHERE}`,
    )
    .pluck()
  type Tally = { value: string; count: number }
  const byStatusStmt = db.prepare<[], Tally>(
    'SELECT status AS value, count(*) AS count FROM workflows GROUP BY status ORDER BY status',
  )
  const byFormatStmt = db.prepare<[], Tally>(
    'SELECT format AS value, count(*) AS count FROM workflows GROUP BY format ORDER BY format',
  )
  const executionsByStatusStmt = db.prepare<{ id: string | null }, Tally>(
    `SELECT status AS value, count(*) AS count FROM workflow_executions
     WHERE @id IS NULL OR workflow_id = @id GROUP BY status ORDER BY status`,
  )
  // Each asset once, however many nodes or workflows it is on.
  const bySourceStmt = db.prepare<{ id: string | null }, Tally & { bytes: number }>(
    `SELECT v.source_type AS value, count(*) AS count, coalesce(sum(v.size_bytes), 0) AS bytes
     FROM videos v WHERE v.id IN (SELECT video_id FROM workflow_videos WHERE @id IS NULL OR workflow_id = @id)
     GROUP BY v.source_type ORDER BY v.source_type`,
  )

  return {
    /** The workflow with its definition text; undefined when there is none. */
    get(id: string): (WorkflowSummary & { definition: string }) | undefined {
      return getStmt.get(id)
    },
    /** Where the workflow's name came from; null when unknown (or no such workflow). */
    nameOrigin(id: string): NameOrigin | null {
      return nameOriginStmt.get(id) ?? null
    },
    /** The workflow's newest definition text alone (no counts); undefined when there is no such workflow. */
    definition(id: string): string | undefined {
      return definitionStmt.get(id)
    },
    exists(id: string): boolean {
      return existsStmt.get(id) !== undefined
    },
    insert(row: WorkflowRow): void {
      insertStmt.run(row)
    },
    /** Writes every editable column (source and created_at stay). */
    update(row: Omit<WorkflowRow, 'source' | 'createdAt'>): void {
      updateStmt.run(row)
    },
    /** Notes a run that started at `at`, unless a later one is noted. */
    ran(id: string, at: string): void {
      ranStmt.run(at, id, at)
    },
    /** Deletes the workflow (its executions and associations cascade); what went with it, counted before. */
    delete(id: string): { executions: number; associations: number } {
      const counts = countsStmt.get({ id })!
      deleteStmt.run(id)
      return counts
    },
    /** A page of the list, newest update first, each row with its newest output and that output's seed and prompt as
     * JSON, and how many match in all. */
    list(params: WorkflowListParams): { items: WorkflowListRow[]; total: number } {
      const { statuses, formats, namePattern, promptMatch } = params
      return { items: listStmt.all(params), total: totalStmt.get({ statuses, formats, namePattern, promptMatch }) ?? 0 }
    },
    /** Counts across workflows; storage and executions of one workflow's when `id` is given. */
    stats(id: string | null): WorkflowStats {
      const bySourceType = bySourceStmt.all({ id })
      const byStatus = byStatusStmt.all()
      return {
        workflows: byStatus.reduce((sum, row) => sum + row.count, 0),
        byStatus,
        byFormat: byFormatStmt.all(),
        executionsByStatus: executionsByStatusStmt.all({ id }),
        videos: bySourceType.reduce((sum, row) => sum + row.count, 0),
        totalBytes: bySourceType.reduce((sum, row) => sum + row.bytes, 0),
        bySourceType,
      }
    },
  }
}
export type WorkflowsRepo = ReturnType<typeof createWorkflowsRepo>
