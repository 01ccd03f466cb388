import type { AssetWorkflow, NodeRole, WorkflowMedia, WorkflowNodeMedia } from '../../../shared/contract'
import { jsonValues } from '../sql/dialect'
import type { SqlEngine } from '../sql/sql-engine'
import { visibleMembers } from './visible-members'
import { toAsset, type VideoRow } from './media'
import { ROW_COLUMNS } from './media-row-columns'

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

/** An association as another library is sent it: with the hash of its definition (null: not recorded). */
export type AssociationRecord = Omit<AssociationRow, 'workflowId' | 'definitionId'> & { definitionHash: string | null }

/** Which of a workflow's assets a page holds; null means any. */
export interface MediaFilter {
  workflowId: string
  nodeId: string | null
  executionId: string | null
  role: NodeRole | null
  /** Members of these collections alone (a JSON list of ids: what a limited person sees); null: every asset. */
  visibleIn: string | null
}

// The asset's stored columns under their own (snake_case) names, then the association's (camelCase): one object per
// row that toAsset reads as a VideoRow.
type MediaRow = VideoRow & Omit<WorkflowMedia, 'asset'>
const MEDIA_COLUMNS = `${ROW_COLUMNS}, wv.workflow_id AS "workflowId", wv.node_id AS "nodeId",
  wv.node_type AS "nodeType", wv.role, wv.execution_id AS "executionId", wv.created_at AS "createdAt"`
const MEDIA_FROM = 'workflow_videos wv JOIN videos v ON v.id = wv.video_id'
const mediaWhere = (json: string) => `wv.workflow_id = ? AND (CAST(? AS text) IS NULL OR wv.node_id = ?)
  AND (CAST(? AS text) IS NULL OR wv.execution_id = ?) AND (CAST(? AS text) IS NULL OR wv.role = ?)
  AND (CAST(? AS text) IS NULL OR wv.video_id IN (${visibleMembers(json)}))`
const mediaParams = ({ workflowId, nodeId, executionId, role, visibleIn }: MediaFilter) => [
  workflowId,
  nodeId,
  nodeId,
  executionId,
  executionId,
  role,
  role,
  visibleIn,
  visibleIn,
]

// Lists that are never paged are put in order here: text in code-unit order, as SQLite compares it (a hub's
// collation may order names and node ids otherwise).
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
/** A node id as stored: no node is '', which comes first. */
const nodeKey = (row: { nodeId: string | null }) => row.nodeId ?? ''

const INSERT_ASSOCIATION = `INSERT INTO workflow_videos (workflow_id, video_id, node_id, node_type, role, execution_id,
  created_at, definition_id)`
/** An association's values in INSERT_ASSOCIATION's order. */
const associationValues = (row: AssociationRow) => [
  row.workflowId,
  row.videoId,
  row.nodeId,
  row.nodeType,
  row.role,
  row.executionId,
  row.createdAt,
  row.definitionId ?? null,
]

/** Assets on the nodes of workflows (a library's migrations 0200 and 0260, a hub's 0070), on either engine. */
export function createWorkflowVideosRepo(sql: SqlEngine) {
  const MEDIA_WHERE = mediaWhere(jsonValues(sql.dialect))
  const media = async (where: string, params: ReadonlyArray<string | number | null>) =>
    (await sql.all<MediaRow>(`SELECT ${MEDIA_COLUMNS} FROM ${MEDIA_FROM} WHERE ${where}`, params)).map(toMedia)

  return {
    /** Associates (or re-associates) an asset with a node; returns the association with its asset. */
    async upsert(row: AssociationRow): Promise<WorkflowMedia> {
      await sql.run(
        `${INSERT_ASSOCIATION} VALUES (?, ?, ?, ?, ?, ?, ?,
           coalesce(CAST(? AS bigint), (SELECT e.definition_id FROM workflow_executions e WHERE e.id = ?)))
         ON CONFLICT (workflow_id, video_id, node_id) DO UPDATE SET
           node_type = excluded.node_type, role = excluded.role, execution_id = excluded.execution_id,
           definition_id = coalesce(excluded.definition_id, workflow_videos.definition_id)`,
        [...associationValues(row), row.executionId],
      )
      const [stored] = await media('wv.workflow_id = ? AND wv.video_id = ? AND wv.node_id = ?', [
        row.workflowId,
        row.videoId,
        row.nodeId,
      ])
      return stored!
    },
    /** Adds the association unless the asset is on that node of the workflow already; true when it was added. */
    addIfAbsent: async (row: AssociationRow): Promise<boolean> =>
      (
        await sql.run(
          `${INSERT_ASSOCIATION} VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (workflow_id, video_id, node_id) DO NOTHING`,
          associationValues(row),
        )
      ).changes > 0,
    /** A page of the workflow's associations in (asset, node) order after `after` (null: from the first). */
    recordsAfter: (workflowId: string, after: { videoId: string; nodeId: string } | null, limit: number) =>
      sql.all<AssociationRecord>(
        `SELECT wv.video_id AS "videoId", wv.node_id AS "nodeId", wv.node_type AS "nodeType", wv.role,
           wv.execution_id AS "executionId", wv.created_at AS "createdAt", d.hash AS "definitionHash"
         FROM workflow_videos wv LEFT JOIN workflow_definitions d ON d.id = wv.definition_id
         WHERE wv.workflow_id = ? AND (wv.video_id > ? OR (wv.video_id = ? AND wv.node_id > ?))
         ORDER BY wv.video_id, wv.node_id LIMIT ?`,
        [workflowId, after?.videoId ?? '', after?.videoId ?? '', after?.nodeId ?? '', limit],
      ),
    /** A page of a workflow's assets, newest association first, and how many match in all. */
    async page(filter: MediaFilter, limit: number, offset: number): Promise<{ items: WorkflowMedia[]; total: number }> {
      const params = mediaParams(filter)
      const items = await media(
        `${MEDIA_WHERE} ORDER BY wv.created_at DESC, wv.video_id, wv.node_id LIMIT ? OFFSET ?`,
        [...params, limit, offset],
      )
      const total = await sql.get<{ total: number }>(
        `SELECT count(*) AS total FROM ${MEDIA_FROM} WHERE ${MEDIA_WHERE}`,
        params,
      )
      return { items, total: total?.total ?? 0 }
    },
    /** An execution's assets by node, then as they came. */
    ofExecution: async (executionId: string): Promise<WorkflowMedia[]> =>
      (await media('wv.execution_id = ?', [executionId])).sort(
        (a, b) =>
          byCodeUnits(nodeKey(a), nodeKey(b)) ||
          byCodeUnits(a.createdAt, b.createdAt) ||
          byCodeUnits(a.asset.id, b.asset.id),
      ),
    /** Each node that has assets, with counts by role, by node id. */
    nodes: async (workflowId: string, visibleIn: string | null): Promise<WorkflowNodeMedia[]> =>
      (
        await sql.all<WorkflowNodeMedia>(
          `SELECT NULLIF(node_id, '') AS "nodeId", max(node_type) AS "nodeType",
             sum(CASE WHEN role = 'output' THEN 1 ELSE 0 END) AS outputs,
             sum(CASE WHEN role = 'input' THEN 1 ELSE 0 END) AS inputs,
             sum(CASE WHEN role = 'intermediate' THEN 1 ELSE 0 END) AS intermediates
           FROM workflow_videos wv WHERE ${MEDIA_WHERE} GROUP BY node_id`,
          mediaParams({ workflowId, nodeId: null, executionId: null, role: null, visibleIn }),
        )
      ).sort((a, b) => byCodeUnits(nodeKey(a), nodeKey(b))),
    /** Whether one of the asset's workflow links lacks the exact definition it came with (a library from before 0260). */
    lacksDefinition: async (videoId: string): Promise<boolean> =>
      (await sql.get('SELECT 1 AS found FROM workflow_videos WHERE video_id = ? AND definition_id IS NULL LIMIT 1', [
        videoId,
      ])) !== undefined,
    /** The workflow nodes an asset is on, by workflow name, then id and node. */
    async ofAsset(videoId: string): Promise<AssetWorkflow[]> {
      const links = await sql.all<AssetWorkflow>(
        `SELECT wv.workflow_id AS "workflowId", w.name, w.format, NULLIF(wv.node_id, '') AS "nodeId",
           wv.node_type AS "nodeType", wv.role, wv.execution_id AS "executionId", e.status AS "executionStatus"
         FROM workflow_videos wv JOIN workflows w ON w.id = wv.workflow_id
         LEFT JOIN workflow_executions e ON e.id = wv.execution_id
         WHERE wv.video_id = ?`,
        [videoId],
      )
      return links.sort(
        (a, b) =>
          byCodeUnits(a.name, b.name) || byCodeUnits(a.workflowId, b.workflowId) || byCodeUnits(nodeKey(a), nodeKey(b)),
      )
    },
  }
}
export type WorkflowVideosRepo = ReturnType<typeof createWorkflowVideosRepo>

/** A row as the contract shows it: node_id '' (an asset on no save node: the key column is NOT NULL) as null. */
function toMedia({ workflowId, nodeId, nodeType, role, executionId, createdAt, ...asset }: MediaRow): WorkflowMedia {
  return {
    workflowId,
    nodeId: nodeId === '' ? null : nodeId,
    nodeType,
    role,
    executionId,
    createdAt,
    asset: toAsset(asset),
  }
}
