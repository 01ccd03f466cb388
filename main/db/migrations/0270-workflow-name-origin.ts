import type { Database } from 'better-sqlite3'
import { parseLenientJson } from '../../../shared/lenient-json'
import type { StoredFormat } from '../../../shared/workflow-graph'
import { automaticName } from '../../../shared/workflow-graph/workflow-name'
import type { Migration } from '../migration'

/**
 * Issue 24 point 3: a workflow's name says where it came from, so an import never overwrites a name a
 * person gave and an automatic one can be told from it.
 *
 * - `workflows.name_origin`: 'given' (a person renamed it, or a tool created it with a name), 'title'
 *   (its own title or file name), 'auto' (what it does: its model and save nodes). NULL: not known,
 *   for every row written before this and every row the original manager writes (a nullable column,
 *   so its inserts, which name their columns, still succeed). NULL is treated as given: never renamed.
 * - Existing libraries recorded nothing about how names were chosen, so names made from a prompt or a
 *   model file cannot be told from names people typed, and stay. The one exception is the placeholder
 *   "Workflow <first 8 characters of the id>": it is made from the row's own id, so it is automatic by
 *   construction, and is replaced here by the workflow's title or what it does.
 */
export const migration: Migration = {
  version: 270,
  name: 'workflow-name-origin',
  up(db) {
    db.exec(`ALTER TABLE workflows ADD COLUMN name_origin TEXT CHECK (name_origin IN ('given', 'title', 'auto'))`)
    renamePlaceholders(db)
  },
}

function renamePlaceholders(db: Database): void {
  type Row = { id: string; name: string; definition: string; format: StoredFormat }
  const rows = db
    .prepare<[], Row>(
      `SELECT id, name, definition, format FROM workflows
       WHERE name = 'Workflow ' || substr(CASE WHEN id LIKE 'sha256:%' THEN substr(id, 8) ELSE id END, 1, 8)`,
    )
    .all()
  const rename = db.prepare<[string, string, string]>('UPDATE workflows SET name = ?, name_origin = ? WHERE id = ?')
  for (const row of rows) {
    const parsed = parseLenientJson(row.definition)
    // An unreadable definition another tool wrote keeps its placeholder, known now to be automatic.
    const chosen = parsed.ok ? automaticName(parsed.value, row.format, row.id) : { name: row.name, origin: 'auto' }
    rename.run(chosen.name, chosen.origin, row.id)
  }
}
