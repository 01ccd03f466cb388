import type { Table } from '../../main/db/schema/declare'
import { CATALOGUE } from '../../main/db/schema/index'
import type { SqlEngine, SqlValue } from '../../main/db/sql/sql-engine'

// Values the tables' CHECK constraints allow, where a made-up one would not do.
export const ALLOWED: Record<string, Record<string, SqlValue>> = {
  videos: {
    source_type: 'import',
    media_type: 'video',
    status: 1,
    storage: 'copy',
    rating: 0,
    review_status: 'approved',
  },
  asset_reviews: { status: 'approved' },
  trash_batches: { state: 'trashed' },
  trash_entries: { storage: 'copy' },
  import_items: { outcome: 'imported' },
  jobs: { kind: 'import', state: 'done' },
  subtitle_tracks: { source: 'stream', cues: '[]' },
  timelines: { status: 'ready' },
  watch_folders: { mode: 'copy', paused: 0 },
  people: { role: 'viewer' },
  workflows: { status: 'saved', format: 'comfyui-api' },
  workflow_executions: { status: 'completed' },
  workflow_videos: { role: 'output' },
  pipeline_runs: { kind: 'initial', stages: '[]', config: '{}' },
  stack_members: { reason: 'sidecar' },
  checkpoints: { cached: 0, is_scenario: 0, pinned: 0 },
  // Shared with a role, not a person: exactly one of the two is set (a nullable column given here is filled).
  collection_shares: { role: 'viewer' },
  inbox_entries: { kind: 'status', status: 'approved' },
}

/**
 * Makes rows of the declared tables from the declaration alone: every NOT NULL column without a default gets a value
 * of its type (or one its CHECK allows), every foreign key a parent row made the same way. For the tests that loop
 * over the declaration (test/integration/change-triggers.test.ts).
 */
export async function declaredRows(sql: SqlEngine) {
  let next = 1
  const defaulted = await columnsWithDefaults(sql)

  const insert = async (table: Table): Promise<Record<string, SqlValue>> => {
    const row: Record<string, SqlValue> = {}
    for (const [name, column] of Object.entries(table.columns)) {
      const held = column.in(sql.dialect)
      const allowed = ALLOWED[table.name]?.[name]
      if (!held || (allowed === undefined && (!held.notNull || defaulted.has(`${table.name}.${name}`)))) continue
      const reference = (table.references ?? []).find(
        (r) => r.column === name && (r.only === undefined || r.only.engine === sql.dialect),
      )
      if (reference) {
        const [parentName, parentColumn] = reference.parent.split('.') as [string, string]
        row[name] = (await insert(CATALOGUE.find((t) => t.name === parentName)!))[parentColumn]!
        continue
      }
      const n = next++
      row[name] =
        allowed ??
        (column.type === 'int' || column.type === 'bigint'
          ? n
          : column.type === 'real'
            ? n + 0.5
            : column.type === 'blob'
              ? Buffer.from([n % 256])
              : column.type === 'json'
                ? '{}'
                : `${name}-${n}`)
    }
    const names = Object.keys(row)
    const key = table.primaryKeyDiffers?.[sql.dialect]?.columns ?? table.primaryKey
    // A row a trigger of its parent's made already (a hub's asset_search): made again by this insert.
    if (key.length > 0 && key.every((column) => column in row)) {
      await sql.run(
        `DELETE FROM ${table.name} WHERE ${key.map((c) => `"${c}" = ?`).join(' AND ')}`,
        key.map((c) => row[c]!),
      )
    }
    const returned = await sql.get<Record<string, SqlValue>>(
      `INSERT INTO ${table.name} (${names.map((n) => `"${n}"`).join(', ')}) VALUES (${names.map(() => '?').join(', ')})
       RETURNING ${[...new Set([...key, ...(table.references ?? []).map((r) => r.column)])].map((n) => `"${n}"`).join(', ') || '1'}`,
      Object.values(row),
    )
    return { ...row, ...returned }
  }
  return { insert }
}

/** The `table.column`s the database fills itself: a default, an identity, a generated column. */
async function columnsWithDefaults(sql: SqlEngine): Promise<Set<string>> {
  const rows =
    sql.dialect === 'sqlite'
      ? await sql.all<{ name: string }>(
          `SELECT m.name || '.' || c.name AS name FROM sqlite_schema m, pragma_table_xinfo(m.name) c
           WHERE m.type = 'table' AND (c.dflt_value IS NOT NULL OR c.hidden IN (2, 3) OR (c.pk = 1 AND c.type = 'INTEGER'
             AND (SELECT count(*) FROM pragma_table_info(m.name) k WHERE k.pk > 0) = 1))`,
        )
      : await sql.all<{ name: string }>(
          `SELECT table_name || '.' || column_name AS name FROM information_schema.columns
           WHERE table_schema = current_schema() AND (column_default IS NOT NULL OR is_identity = 'YES'
             OR is_generated = 'ALWAYS')`,
        )
  return new Set(rows.map((row) => row.name))
}
