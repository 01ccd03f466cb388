import type { Database } from 'better-sqlite3'
import type { WorkflowFormat } from '../../../shared/contract'

/** A stored definition with the ordinal of its version; `definition` is the exact text. */
export interface DefinitionRow {
  id: number
  workflowId: string
  version: number
  hash: string
  format: WorkflowFormat
  definition: string
  createdAt: string
}

/** A version of a workflow with what it holds. */
export interface VersionRow {
  ordinal: number
  shapeHash: string
  createdAt: string
  /** Distinct definitions (runs with other inputs) of this shape. */
  definitions: number
  /** Assets and runs recorded with one of its definitions. */
  assets: number
  executions: number
  /** The definition that opened the version, and the newest. */
  firstHash: string
  newestHash: string
}

const DEFINITION = `d.id, d.workflow_id AS workflowId, v.ordinal AS version, d.hash, d.format, d.definition,
  d.created_at AS createdAt FROM workflow_definitions d JOIN workflow_versions v ON v.id = d.version_id`

/** Versions and exact definitions of workflows (migration 0260). */
export function createWorkflowVersionsRepo(db: Database) {
  const hasStmt = db.prepare<[string], number>('SELECT 1 FROM workflow_versions WHERE workflow_id = ? LIMIT 1').pluck()
  // Workflows Framevault keys by their content (no id of their own: an API prompt, A1111 parameters) are 'sha256:…'.
  const shapeOwnerStmt = db
    .prepare<[string, string], string>(
      `SELECT v.workflow_id FROM workflow_versions v JOIN workflows w ON w.id = v.workflow_id
       WHERE v.shape_hash = ? AND w.format = ? AND w.id LIKE 'sha256:%' ORDER BY v.id LIMIT 1`,
    )
    .pluck()
  const byShapeStmt = db.prepare<[string, string], { id: number; ordinal: number }>(
    'SELECT id, ordinal FROM workflow_versions WHERE workflow_id = ? AND shape_hash = ?',
  )
  // The next ordinal in the same statement: two writers cannot both take it (UNIQUE (workflow_id, ordinal)).
  const addVersionStmt = db.prepare<[string, string, string, string], { id: number; ordinal: number }>(
    `INSERT INTO workflow_versions (workflow_id, ordinal, shape_hash, created_at)
     SELECT ?, coalesce(max(ordinal), 0) + 1, ?, ? FROM workflow_versions WHERE workflow_id = ?
     RETURNING id, ordinal`,
  )
  const byHashStmt = db.prepare<[string, string], DefinitionRow>(
    `SELECT ${DEFINITION} WHERE d.workflow_id = ? AND d.hash = ?`,
  )
  const addDefinitionStmt = db.prepare<[string, number, string, string, string, string]>(
    `INSERT INTO workflow_definitions (workflow_id, version_id, hash, format, definition, created_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  )
  const byIdStmt = db.prepare<[number], DefinitionRow>(`SELECT ${DEFINITION} WHERE d.id = ?`)
  const firstOfStmt = db.prepare<[string, number], DefinitionRow>(
    `SELECT ${DEFINITION} WHERE d.workflow_id = ? AND v.ordinal = ? ORDER BY d.id LIMIT 1`,
  )
  const listStmt = db.prepare<[string], VersionRow>(
    `SELECT v.ordinal, v.shape_hash AS shapeHash, v.created_at AS createdAt,
       (SELECT count(*) FROM workflow_definitions d WHERE d.version_id = v.id) AS definitions,
       (SELECT count(*) FROM workflow_videos wv JOIN workflow_definitions d ON d.id = wv.definition_id
        WHERE d.version_id = v.id) AS assets,
       (SELECT count(*) FROM workflow_executions e JOIN workflow_definitions d ON d.id = e.definition_id
        WHERE d.version_id = v.id) AS executions,
       (SELECT d.hash FROM workflow_definitions d WHERE d.version_id = v.id ORDER BY d.id LIMIT 1) AS firstHash,
       (SELECT d.hash FROM workflow_definitions d WHERE d.version_id = v.id ORDER BY d.id DESC LIMIT 1) AS newestHash
     FROM workflow_versions v WHERE v.workflow_id = ? ORDER BY v.ordinal`,
  )
  // An asset's associations, those whose definition is known first, then the newest.
  const ofAssetStmt = db.prepare<[string], { workflowId: string; definitionId: number | null }>(
    `SELECT workflow_id AS workflowId, definition_id AS definitionId FROM workflow_videos WHERE video_id = ?
     ORDER BY definition_id IS NULL, created_at DESC, workflow_id, node_id`,
  )
  const ofExecutionStmt = db.prepare<[string], { workflowId: string; definitionId: number | null }>(
    'SELECT workflow_id AS workflowId, definition_id AS definitionId FROM workflow_executions WHERE id = ?',
  )

  return {
    /** True when the workflow has a version (a row the original manager wrote has none until it is read). */
    has(workflowId: string): boolean {
      return hasStmt.get(workflowId) !== undefined
    },
    /** The first workflow without an id of its own (keyed by content) that has a version of this shape and format. */
    shapeOwner(shapeHash: string, format: WorkflowFormat): string | undefined {
      return shapeOwnerStmt.get(shapeHash, format)
    },
    /** The version of this shape; undefined when the shape is new to the workflow. */
    byShape(workflowId: string, shapeHash: string): { id: number; ordinal: number } | undefined {
      return byShapeStmt.get(workflowId, shapeHash)
    },
    /** Adds the workflow's next version. */
    addVersion(workflowId: string, shapeHash: string, createdAt: string): { id: number; ordinal: number } {
      return addVersionStmt.get(workflowId, shapeHash, createdAt, workflowId)!
    },
    /** The workflow's definition with this content hash. */
    byHash(workflowId: string, hash: string): DefinitionRow | undefined {
      return byHashStmt.get(workflowId, hash)
    },
    /** Stores a definition in a version; its id. */
    addDefinition(row: {
      workflowId: string
      versionId: number
      hash: string
      format: WorkflowFormat
      text: string
      createdAt: string
    }): number {
      const { workflowId, versionId, hash, format, text, createdAt } = row
      return Number(addDefinitionStmt.run(workflowId, versionId, hash, format, text, createdAt).lastInsertRowid)
    },
    byId(id: number): DefinitionRow | undefined {
      return byIdStmt.get(id)
    },
    /** The definition that opened version `ordinal`. */
    firstOf(workflowId: string, ordinal: number): DefinitionRow | undefined {
      return firstOfStmt.get(workflowId, ordinal)
    },
    /** The workflow's versions, oldest first. */
    list(workflowId: string): VersionRow[] {
      return listStmt.all(workflowId)
    },
    /** The workflows an asset is on, with the definition it came with (null: not recorded). */
    ofAsset(videoId: string): { workflowId: string; definitionId: number | null }[] {
      return ofAssetStmt.all(videoId)
    },
    /** A run's workflow and the definition it came with. */
    ofExecution(executionId: string): { workflowId: string; definitionId: number | null } | undefined {
      return ofExecutionStmt.get(executionId)
    },
  }
}
export type WorkflowVersionsRepo = ReturnType<typeof createWorkflowVersionsRepo>
