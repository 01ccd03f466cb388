import type { Database } from 'better-sqlite3'
import type { Migration } from '../migration'

/**
 * Workflows without an id of their own (an API prompt, A1111 parameters: keyed by content, 'sha256:…') join the
 * workflow of the same graph shape and format (issue 37 point 3); before, each file made a workflow of its own.
 * Existing ones are merged the same way: each such workflow of one version joins the first (by version) of its shape,
 * with its definitions, runs and assets. The shape lookup that grouping makes at every import gets its index.
 */
export const migration: Migration = {
  version: 400,
  name: 'workflows-by-shape',
  up(db) {
    db.exec('CREATE INDEX workflow_versions_shape ON workflow_versions (shape_hash)')
    mergeByShape(db)
  },
}

interface ContentKeyed {
  workflowId: string
  format: string
  versionId: number
  shape: string
  versions: number
}

function mergeByShape(db: Database): void {
  const rows = db
    .prepare<[], ContentKeyed>(
      `SELECT w.id AS workflowId, w.format, v.id AS versionId, v.shape_hash AS shape,
         (SELECT count(*) FROM workflow_versions x WHERE x.workflow_id = w.id) AS versions
       FROM workflows w JOIN workflow_versions v ON v.workflow_id = w.id
       WHERE w.id LIKE 'sha256:%' ORDER BY v.id`,
    )
    .all()
  const merge = mergeStatements(db)
  const owners = new Map<string, ContentKeyed>()
  for (const row of rows) {
    const key = `${row.format}\n${row.shape}`
    const owner = owners.get(key)
    if (!owner) owners.set(key, row)
    // A workflow of several versions has grown on its own (other shapes): it stays whole.
    else if (row.workflowId !== owner.workflowId && row.versions === 1) {
      merge({ from: row.workflowId, into: owner.workflowId, version: owner.versionId })
    }
  }
}

/** Moves one workflow's definitions, runs and assets into another's version of the same shape, then deletes it. */
function mergeStatements(db: Database) {
  // A definition both hold (same hash) is the kept workflow's; what pointed at the other's copy points at it.
  const sameDefinition = `(SELECT a.id FROM workflow_definitions a JOIN workflow_definitions b ON b.hash = a.hash
    WHERE a.workflow_id = @into AND b.workflow_id = @from AND b.id = definition_id)`
  const statements = [
    `UPDATE workflow_videos SET definition_id = coalesce(${sameDefinition}, definition_id) WHERE workflow_id = @from`,
    `UPDATE workflow_executions SET definition_id = coalesce(${sameDefinition}, definition_id)
     WHERE workflow_id = @from`,
    `DELETE FROM workflow_definitions WHERE workflow_id = @from
     AND hash IN (SELECT hash FROM workflow_definitions WHERE workflow_id = @into)`,
    'UPDATE workflow_definitions SET workflow_id = @into, version_id = @version WHERE workflow_id = @from',
    'UPDATE workflow_executions SET workflow_id = @into WHERE workflow_id = @from',
    // The same asset on the same node of both: the kept workflow's association stays, the other goes with it.
    'UPDATE OR IGNORE workflow_videos SET workflow_id = @into WHERE workflow_id = @from',
    // The kept workflow shows the newer definition of the two, and the later run.
    `UPDATE workflows SET
       definition = CASE WHEN f.updated_at > workflows.updated_at THEN f.definition ELSE workflows.definition END,
       definition_hash = CASE WHEN f.updated_at > workflows.updated_at THEN f.definition_hash
                         ELSE workflows.definition_hash END,
       updated_at = max(f.updated_at, workflows.updated_at),
       last_executed_at = CASE WHEN workflows.last_executed_at IS NULL THEN f.last_executed_at
                          WHEN f.last_executed_at IS NULL THEN workflows.last_executed_at
                          ELSE max(f.last_executed_at, workflows.last_executed_at) END
     FROM (SELECT * FROM workflows WHERE id = @from) f WHERE workflows.id = @into`,
    'DELETE FROM workflows WHERE id = @from',
  ].map((sql) => db.prepare<{ from: string; into: string; version: number }>(sql))
  return (names: { from: string; into: string; version: number }) => {
    for (const statement of statements) statement.run(names)
  }
}
