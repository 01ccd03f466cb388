import type { Database } from 'better-sqlite3'
import type { StoredFormat } from '../../../shared/workflow-graph'
import { definitionContentHash, definitionShapeHash } from '../../hashing/workflow-definition'
import type { Migration } from '../migration'

/**
 * Issue 20 point 1: every exact definition kept, grouped into versions.
 *
 * - `workflow_versions`: a workflow's versions, one per graph shape (node ids, node types, links;
 *   see shared/workflow-graph/shape.ts), numbered 1, 2, … in the order they arrived. A known id with a
 *   new shape adds a version; ComfyUI templates and edited copies keep their id, so one id holds
 *   different graphs.
 * - `workflow_definitions`: each distinct definition of a workflow once, by the "sha256:…" hash of its
 *   canonical JSON (read exactly: seeds past 2^53 keep their digits), with its exact text and format,
 *   in the version of its shape. A thousand runs of one graph cost one row per distinct definition.
 * - `workflow_videos.definition_id` and `workflow_executions.definition_id`: the definition a file or
 *   run came with; NULL where it is not known (associations older than this, or the original manager's
 *   writes), and readers fall back to the workflow's own `definition`. Nullable columns only: the
 *   original manager's inserts, which name their columns, still succeed.
 *
 * The seed's tables keep their names and columns; `workflows.definition` stays the newest definition.
 * Existing libraries: each workflow's definition of today becomes its version 1.
 */
export const migration: Migration = {
  version: 260,
  name: 'workflow-versions',
  up(db) {
    db.exec(`
      CREATE TABLE workflow_versions (
        id          INTEGER PRIMARY KEY,
        workflow_id TEXT NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
        ordinal     INTEGER NOT NULL,
        shape_hash  TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        UNIQUE (workflow_id, ordinal),
        UNIQUE (workflow_id, shape_hash)
      );
      CREATE TABLE workflow_definitions (
        id          INTEGER PRIMARY KEY,
        workflow_id TEXT NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
        version_id  INTEGER NOT NULL REFERENCES workflow_versions (id) ON DELETE CASCADE,
        hash        TEXT NOT NULL,
        format      TEXT NOT NULL,
        definition  TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        UNIQUE (workflow_id, hash)
      );
      CREATE INDEX workflow_definitions_version ON workflow_definitions (version_id, id);
      ALTER TABLE workflow_videos ADD COLUMN definition_id INTEGER REFERENCES workflow_definitions (id) ON DELETE SET NULL;
      ALTER TABLE workflow_executions ADD COLUMN definition_id INTEGER REFERENCES workflow_definitions (id) ON DELETE SET NULL;
      CREATE INDEX workflow_videos_definition ON workflow_videos (definition_id) WHERE definition_id IS NOT NULL;
      CREATE INDEX workflow_executions_definition ON workflow_executions (definition_id) WHERE definition_id IS NOT NULL;
    `)
    firstVersions(db)
  },
}

/** Each workflow's stored definition as its version 1 (text as stored; a row another tool wrote unparsable stays without). */
function firstVersions(db: Database): void {
  type Row = { id: string; definition: string; format: StoredFormat; createdAt: string }
  const rows = db
    .prepare<[], Row>('SELECT id, definition, format, created_at AS createdAt FROM workflows ORDER BY id')
    .all()
  const version = db.prepare<[string, string, string]>(
    'INSERT INTO workflow_versions (workflow_id, ordinal, shape_hash, created_at) VALUES (?, 1, ?, ?)',
  )
  const definition = db.prepare<[string, number | bigint, string, string, string, string]>(
    `INSERT INTO workflow_definitions (workflow_id, version_id, hash, format, definition, created_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  )
  for (const row of rows) {
    let value: unknown
    try {
      value = JSON.parse(row.definition)
    } catch {
      continue
    }
    const versionId = version.run(row.id, definitionShapeHash(value, row.format), row.createdAt).lastInsertRowid
    const hash = definitionContentHash(row.definition, value)
    definition.run(row.id, versionId, hash, row.format, row.definition, row.createdAt)
  }
}
