import type { Database } from 'better-sqlite3'
import type { AssetWorkflow, NodeRole, WorkflowMedia, WorkflowNodeMedia } from '../../../shared/contract'
import { toAsset } from './media'
import { fromRowValues, ROW_COLUMNS } from './media-row-columns'

/** One association as written. */
export interface AssociationRow {
  workflowId: string
  videoId: string
  nodeId: string
  nodeType: string | null
  role: NodeRole
  executionId: string | null
  createdAt: string
  /** The exact definition the asset came with (migration 0260); absent or null: its run's, else the one recorded. */
  definitionId?: number | null
}

/** Which of a workflow's assets a page holds; null means any. */
export interface MediaFilter {
  workflowId: string
  nodeId: string | null
  executionId: string | null
  role: NodeRole | null
}

// node_id is part of the key and NOT NULL (migration 0200): an asset on no save node is stored with
// '' there and read back as a null node, so no caller mistakes '' for a node id.
// The association's columns follow the asset's (read as one raw row, see media-row-columns.ts).
const MEDIA_COLUMNS = `${ROW_COLUMNS}, wv.workflow_id, wv.node_id, wv.node_type, wv.role, wv.execution_id, wv.created_at`
const MEDIA_FROM = 'workflow_videos wv JOIN videos v ON v.id = wv.video_id'
const MEDIA_WHERE = `wv.workflow_id = @workflowId AND (@nodeId IS NULL OR wv.node_id = @nodeId)
  AND (@executionId IS NULL OR wv.execution_id = @executionId) AND (@role IS NULL OR wv.role = @role)`

/** Assets on the nodes of workflows (migration 0200's `workflow_videos`). */
export function createWorkflowVideosRepo(db: Database) {
  const upsertStmt = db.prepare<AssociationRow & { definitionId: number | null }>(
    `INSERT INTO workflow_videos (workflow_id, video_id, node_id, node_type, role, execution_id, created_at, definition_id)
     VALUES (@workflowId, @videoId, @nodeId, @nodeType, @role, @executionId, @createdAt,
       coalesce(@definitionId, (SELECT e.definition_id FROM workflow_executions e WHERE e.id = @executionId)))
     ON CONFLICT (workflow_id, video_id, node_id) DO UPDATE SET
       node_type = excluded.node_type, role = excluded.role, execution_id = excluded.execution_id,
       definition_id = coalesce(excluded.definition_id, workflow_videos.definition_id)`,
  )
  const oneStmt = db
    .prepare<[string, string, string], unknown[]>(
      `SELECT ${MEDIA_COLUMNS} FROM ${MEDIA_FROM} WHERE wv.workflow_id = ? AND wv.video_id = ? AND wv.node_id = ?`,
    )
    .raw()
  const pageStmt = db
    .prepare<MediaFilter & { limit: number; offset: number }, unknown[]>(
      `SELECT ${MEDIA_COLUMNS} FROM ${MEDIA_FROM} WHERE ${MEDIA_WHERE}
       ORDER BY wv.created_at DESC, wv.video_id, wv.node_id LIMIT @limit OFFSET @offset`,
    )
    .raw()
  const totalStmt = db.prepare<MediaFilter, number>(`SELECT count(*) FROM ${MEDIA_FROM} WHERE ${MEDIA_WHERE}`).pluck()
  const ofExecutionStmt = db
    .prepare<[string], unknown[]>(
      `SELECT ${MEDIA_COLUMNS} FROM ${MEDIA_FROM} WHERE wv.execution_id = ? ORDER BY wv.node_id, wv.created_at, v.id`,
    )
    .raw()
  const nodesStmt = db.prepare<[string], WorkflowNodeMedia>(
    `SELECT NULLIF(node_id, '') AS nodeId, max(node_type) AS nodeType,
       sum(role = 'output') AS outputs, sum(role = 'input') AS inputs, sum(role = 'intermediate') AS intermediates
     FROM workflow_videos WHERE workflow_id = ? GROUP BY node_id ORDER BY node_id`,
  )
  const lacksDefinitionStmt = db
    .prepare<[string], number>('SELECT 1 FROM workflow_videos WHERE video_id = ? AND definition_id IS NULL LIMIT 1')
    .pluck()
  const ofAssetStmt = db.prepare<[string], AssetWorkflow>(
    `SELECT wv.workflow_id AS workflowId, w.name, w.format, NULLIF(wv.node_id, '') AS nodeId, wv.node_type AS nodeType, wv.role,
       wv.execution_id AS executionId, e.status AS executionStatus
     FROM workflow_videos wv JOIN workflows w ON w.id = wv.workflow_id
     LEFT JOIN workflow_executions e ON e.id = wv.execution_id
     WHERE wv.video_id = ? ORDER BY w.name, wv.workflow_id, wv.node_id`,
  )

  return {
    /** Associates (or re-associates) an asset with a node; returns the association with its asset. */
    upsert(row: AssociationRow): WorkflowMedia {
      upsertStmt.run({ ...row, definitionId: row.definitionId ?? null })
      return toMedia(oneStmt.get(row.workflowId, row.videoId, row.nodeId)!)
    },
    /** A page of a workflow's assets, newest association first, and how many match in all. */
    page(filter: MediaFilter, limit: number, offset: number): { items: WorkflowMedia[]; total: number } {
      return { items: pageStmt.all({ ...filter, limit, offset }).map(toMedia), total: totalStmt.get(filter) ?? 0 }
    },
    /** An execution's assets by node. */
    ofExecution(executionId: string): WorkflowMedia[] {
      return ofExecutionStmt.all(executionId).map(toMedia)
    },
    /** Each node that has assets, with counts by role. */
    nodes(workflowId: string): WorkflowNodeMedia[] {
      return nodesStmt.all(workflowId)
    },
    /** The workflow nodes an asset is on. */
    /** Whether one of the asset's workflow links lacks the exact definition it came with (a library from before 0260). */
    lacksDefinition(videoId: string): boolean {
      return lacksDefinitionStmt.get(videoId) !== undefined
    },
    ofAsset(videoId: string): AssetWorkflow[] {
      return ofAssetStmt.all(videoId)
    },
  }
}
export type WorkflowVideosRepo = ReturnType<typeof createWorkflowVideosRepo>

function toMedia(values: unknown[]): WorkflowMedia {
  const { row, rest } = fromRowValues(values)
  const [workflowId, nodeId, nodeType, role, executionId, createdAt] = rest as [
    string,
    string,
    string | null,
    NodeRole,
    string | null,
    string,
  ]
  return {
    workflowId,
    nodeId: nodeId === '' ? null : nodeId,
    nodeType,
    role,
    executionId,
    createdAt,
    asset: toAsset(row),
  }
}
