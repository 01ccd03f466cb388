import type { WorkflowFormat } from '../../../shared/contract'
import { jsonValues } from '../sql/dialect'
import type { SqlEngine } from '../sql/sql-engine'

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

const DEFINITION = `d.id, d.workflow_id AS "workflowId", v.ordinal AS version, d.hash, d.format, d.definition,
  d.created_at AS "createdAt" FROM workflow_definitions d JOIN workflow_versions v ON v.id = d.version_id`

/** A workflow an asset or a run is on, with the definition it came with (null: not recorded). */
export interface WorkflowLink {
  workflowId: string
  definitionId: number | null
}
const LINK = 'workflow_id AS "workflowId", definition_id AS "definitionId"'

/** Versions and exact definitions of workflows (a library's migration 0260, a hub's 0070), on either engine. */
export function createWorkflowVersionsRepo(sql: SqlEngine) {
  const json = jsonValues(sql.dialect)
  return {
    /** True when the workflow has a version (a row the original manager wrote has none until it is read). */
    has: async (workflowId: string): Promise<boolean> =>
      (await sql.get('SELECT 1 AS found FROM workflow_versions WHERE workflow_id = ? LIMIT 1', [workflowId])) !==
      undefined,
    /** The first workflow without an id of its own (keyed by content) that has a version of this shape and format. */
    async shapeOwner(shapeHash: string, format: WorkflowFormat): Promise<string | undefined> {
      // Workflows Framevault keys by their content (no id of their own: an API prompt, A1111 parameters) are 'sha256:…'.
      const row = await sql.get<{ id: string }>(
        `SELECT v.workflow_id AS id FROM workflow_versions v JOIN workflows w ON w.id = v.workflow_id
         WHERE v.shape_hash = ? AND w.format = ? AND w.id LIKE 'sha256:%' ORDER BY v.id LIMIT 1`,
        [shapeHash, format],
      )
      return row?.id
    },
    /** The version of this shape; undefined when the shape is new to the workflow. */
    byShape: (workflowId: string, shapeHash: string) =>
      sql.get<{ id: number; ordinal: number }>(
        'SELECT id, ordinal FROM workflow_versions WHERE workflow_id = ? AND shape_hash = ?',
        [workflowId, shapeHash],
      ),
    /** Adds the workflow's next version. */
    async addVersion(
      workflowId: string,
      shapeHash: string,
      createdAt: string,
    ): Promise<{ id: number; ordinal: number }> {
      // The next ordinal in the same statement: two writers cannot both take it (UNIQUE (workflow_id, ordinal)).
      const row = await sql.get<{ id: number; ordinal: number }>(
        `INSERT INTO workflow_versions (workflow_id, ordinal, shape_hash, created_at)
         SELECT CAST(? AS text), coalesce(max(ordinal), 0) + 1, CAST(? AS text), CAST(? AS text)
         FROM workflow_versions WHERE workflow_id = ?
         RETURNING id, ordinal`,
        [workflowId, shapeHash, createdAt, workflowId],
      )
      return row!
    },
    /** The workflow's definition with this content hash. */
    byHash: (workflowId: string, hash: string) =>
      sql.get<DefinitionRow>(`SELECT ${DEFINITION} WHERE d.workflow_id = ? AND d.hash = ?`, [workflowId, hash]),
    /** Stores a definition in a version; its id. */
    async addDefinition(row: {
      workflowId: string
      versionId: number
      hash: string
      format: WorkflowFormat
      text: string
      createdAt: string
    }): Promise<number> {
      const { workflowId, versionId, hash, format, text, createdAt } = row
      const added = await sql.get<{ id: number }>(
        `INSERT INTO workflow_definitions (workflow_id, version_id, hash, format, definition, created_at)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
        [workflowId, versionId, hash, format, text, createdAt],
      )
      return added!.id
    },
    byId: (id: number) => sql.get<DefinitionRow>(`SELECT ${DEFINITION} WHERE d.id = ?`, [id]),
    /** Which of these content hashes the workflow has definitions of. */
    heldHashes: async (workflowId: string, hashes: readonly string[]): Promise<string[]> =>
      (
        await sql.all<{ hash: string }>(
          `SELECT hash FROM workflow_definitions WHERE workflow_id = ? AND hash IN (SELECT value FROM ${json})`,
          [workflowId, JSON.stringify(hashes)],
        )
      ).map((row) => row.hash),
    /** A page of the workflow's definitions in the order they were kept, after the one of id `afterId` (0: first). */
    definitionsAfter: (workflowId: string, afterId: number, limit: number) =>
      sql.all<DefinitionRow>(`SELECT ${DEFINITION} WHERE d.workflow_id = ? AND d.id > ? ORDER BY d.id LIMIT ?`, [
        workflowId,
        afterId,
        limit,
      ]),
    /** The definition that opened version `ordinal`. */
    firstOf: (workflowId: string, ordinal: number) =>
      sql.get<DefinitionRow>(`SELECT ${DEFINITION} WHERE d.workflow_id = ? AND v.ordinal = ? ORDER BY d.id LIMIT 1`, [
        workflowId,
        ordinal,
      ]),
    /** The workflow's versions, oldest first. */
    list: (workflowId: string) =>
      sql.all<VersionRow>(
        `SELECT v.ordinal, v.shape_hash AS "shapeHash", v.created_at AS "createdAt",
           (SELECT count(*) FROM workflow_definitions d WHERE d.version_id = v.id) AS definitions,
           (SELECT count(*) FROM workflow_videos wv JOIN workflow_definitions d ON d.id = wv.definition_id
            WHERE d.version_id = v.id) AS assets,
           (SELECT count(*) FROM workflow_executions e JOIN workflow_definitions d ON d.id = e.definition_id
            WHERE d.version_id = v.id) AS executions,
           (SELECT d.hash FROM workflow_definitions d WHERE d.version_id = v.id ORDER BY d.id LIMIT 1) AS "firstHash",
           (SELECT d.hash FROM workflow_definitions d WHERE d.version_id = v.id ORDER BY d.id DESC LIMIT 1)
             AS "newestHash"
         FROM workflow_versions v WHERE v.workflow_id = ? ORDER BY v.ordinal`,
        [workflowId],
      ),
    /** The workflows an asset is on: those whose definition is known first, then the newest. */
    ofAsset: (videoId: string) =>
      sql.all<WorkflowLink>(
        `SELECT ${LINK} FROM workflow_videos WHERE video_id = ?
         ORDER BY definition_id IS NULL, created_at DESC, workflow_id, node_id`,
        [videoId],
      ),
    /** A run's workflow and the definition it came with. */
    ofExecution: (executionId: string) =>
      sql.get<WorkflowLink>(`SELECT ${LINK} FROM workflow_executions WHERE id = ?`, [executionId]),
  }
}
export type WorkflowVersionsRepo = ReturnType<typeof createWorkflowVersionsRepo>
