import type { Database } from 'better-sqlite3'

/** A table whose rows belong to one asset: they go with it on delete and come back with it on undo. */
export interface AssetDependentTable {
  table: string
  /** The column holding the asset's id (`videos.id`). */
  assetColumn: string
}

/**
 * Every table whose rows belong to an asset, besides `videos` itself. A later migration's table
 * joins with one line here; a listed table the database does not have (yet) is left out.
 */
export const ASSET_DEPENDENT_TABLES: readonly AssetDependentTable[] = [
  { table: 'asset_tags', assetColumn: 'asset_id' },
  { table: 'collection_items', assetColumn: 'video_id' },
  // Migration 0200: an asset's generation details and workflow associations go to the trash with it.
  { table: 'video_generation', assetColumn: 'video_id' },
  { table: 'workflow_videos', assetColumn: 'video_id' },
  // Migration 0310: a member's place in its stack (a head's members keep theirs while it is in the trash).
  { table: 'stack_members', assetColumn: 'member_id' },
  // Migration 0360: the words read on an asset's frames (its search text) come back with it.
  { table: 'asset_screen_text', assetColumn: 'video_id' },
  // Migration 0440: its subtitle tracks and their search text.
  { table: 'subtitle_tracks', assetColumn: 'video_id' },
]

type Row = Record<string, unknown>

/** An asset's `videos` row (stored columns only) and its dependent rows by table, as JSON can hold them. */
export interface AssetSnapshot {
  row: Row
  dependents: Record<string, Row[]>
}

interface ParentCheck {
  columns: string[]
  stmt: { get(...values: unknown[]): unknown }
}

interface Dependent extends AssetDependentTable {
  select: { all(id: string): unknown[] }
  remove: { run(id: string): unknown }
  columns: Set<string>
  parents: ParentCheck[]
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`

/**
 * Snapshots, removes and puts back assets with their dependent rows. Table and column names
 * come from the schema and ASSET_DEPENDENT_TABLES, never from input.
 */
export function createAssetSnapshots(db: Database) {
  const storedColumns = (table: string) =>
    db
      .prepare<[string], { name: string; hidden: number }>('SELECT name, hidden FROM pragma_table_xinfo(?)')
      .all(table)
      // hidden 2 and 3 are generated columns: SQLite computes them and refuses values for them.
      .filter((column) => column.hidden === 0)
      .map((column) => column.name)
  const videoColumns = storedColumns('videos')
  const selectVideo = db.prepare<[string], Row>(`SELECT ${videoColumns.map(quote).join(', ')} FROM videos WHERE id = ?`)
  const removeVideo = db.prepare<[string]>('DELETE FROM videos WHERE id = ?')
  const takenStmt = db
    .prepare<{ id: string; path: string }, string>(
      "SELECT CASE WHEN id = @id THEN 'id' ELSE 'path' END FROM videos WHERE id = @id OR file_path = @path LIMIT 1",
    )
    .pluck()
  const otherUsersStmt = db
    .prepare<[string, string], string>(
      `SELECT file_path FROM videos
       WHERE file_path IN (SELECT value FROM json_each(?)) AND id NOT IN (SELECT value FROM json_each(?))`,
    )
    .pluck()
  const dependents: Dependent[] = ASSET_DEPENDENT_TABLES.filter((dep) => storedColumns(dep.table).length > 0).map(
    (dep) => ({
      ...dep,
      select: db.prepare(`SELECT * FROM ${quote(dep.table)} WHERE ${quote(dep.assetColumn)} = ?`),
      remove: db.prepare(`DELETE FROM ${quote(dep.table)} WHERE ${quote(dep.assetColumn)} = ?`),
      columns: new Set(storedColumns(dep.table)),
      parents: parentChecks(db, dep.table),
    }),
  )
  const inserts = new Map<string, { run(...values: unknown[]): unknown }>()
  const insertInto = (table: string, columns: string[]) => {
    const key = `${table}\u0000${columns.join('\u0000')}`
    let stmt = inserts.get(key)
    if (!stmt) {
      const names = columns.map(quote).join(', ')
      stmt = db.prepare(`INSERT INTO ${quote(table)} (${names}) VALUES (${columns.map(() => '?').join(', ')})`)
      inserts.set(key, stmt)
    }
    return stmt
  }
  const insertRow = (table: string, known: Set<string>, row: Row) => {
    // A column a later migration dropped is left out; one it added takes its default.
    const columns = Object.keys(row).filter((column) => known.has(column))
    insertInto(table, columns).run(...columns.map((column) => fromJson(row[column])))
  }
  const videoColumnSet = new Set(videoColumns)

  return {
    /** The tables ASSET_DEPENDENT_TABLES names that this database has. */
    dependentTables: dependents.map((dep) => dep.table),
    /** Snapshots of the assets among `ids` that exist, in the order given. */
    snapshot(ids: readonly string[]): AssetSnapshot[] {
      const found: AssetSnapshot[] = []
      for (const id of ids) {
        const row = selectVideo.get(id)
        if (!row) continue
        const rows: Record<string, Row[]> = {}
        for (const dep of dependents) rows[dep.table] = (dep.select.all(id) as Row[]).map(toJsonRow)
        found.push({ row: toJsonRow(row), dependents: rows })
      }
      return found
    },
    /** Deletes assets and their dependent rows (children first, so no foreign key stands in the way). */
    remove(ids: readonly string[]): void {
      for (const id of ids) {
        for (const dep of [...dependents].reverse()) dep.remove.run(id)
        removeVideo.run(id)
      }
    },
    /** What stands in the way of putting an asset back: a row with its id, or with its file path. */
    taken(id: string, filePath: string): 'id' | 'path' | undefined {
      return takenStmt.get({ id, path: filePath }) as 'id' | 'path' | undefined
    },
    /** Of `paths`, those a row other than `ids` records as its file. */
    otherUsers(paths: readonly string[], ids: readonly string[]): Set<string> {
      return new Set(otherUsersStmt.all(JSON.stringify(paths), JSON.stringify(ids)))
    },
    /**
     * Inserts a snapshot's rows again (same id); dependent rows whose other parent is gone (a
     * collection deleted since) are left out. Returns how many were left out.
     */
    restore(snapshot: AssetSnapshot): number {
      insertRow('videos', videoColumnSet, snapshot.row)
      let dropped = 0
      for (const dep of dependents) {
        for (const row of snapshot.dependents[dep.table] ?? []) {
          const orphan = dep.parents.some(
            (parent) =>
              parent.columns.every((column) => row[column] !== null && row[column] !== undefined) &&
              parent.stmt.get(...parent.columns.map((column) => fromJson(row[column]))) === undefined,
          )
          if (orphan) dropped += 1
          else insertRow(dep.table, dep.columns, row)
        }
      }
      return dropped
    },
  }
}
export type AssetSnapshots = ReturnType<typeof createAssetSnapshots>

/** One lookup per foreign key of `table` that points elsewhere than `videos`. */
function parentChecks(db: Database, table: string): ParentCheck[] {
  const keys = db
    .prepare<[string], { id: number; table: string; from: string; to: string | null }>(
      'SELECT id, "table", "from", "to" FROM pragma_foreign_key_list(?) ORDER BY id, seq',
    )
    .all(table)
  const byId = new Map<number, typeof keys>()
  for (const key of keys) byId.set(key.id, [...(byId.get(key.id) ?? []), key])
  return [...byId.values()]
    .filter((parts) => parts[0]!.table !== 'videos')
    .map((parts) => {
      const parent = parts[0]!.table
      const primary = db
        .prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk')
        .all(parent)
        .map((column) => column.name)
      const targets = parts.map((part, index) => part.to ?? primary[index]!)
      const where = targets.map((column) => `${quote(column)} = ?`).join(' AND ')
      return {
        columns: parts.map((part) => part.from),
        stmt: db.prepare(`SELECT 1 FROM ${quote(parent)} WHERE ${where} LIMIT 1`),
      }
    })
}

// JSON has no blobs: a blob column value travels as { $blob: base64 }.
function toJsonRow(row: Row): Row {
  const out: Row = {}
  for (const [key, value] of Object.entries(row)) {
    out[key] = Buffer.isBuffer(value) ? { $blob: value.toString('base64') } : value
  }
  return out
}

function fromJson(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && '$blob' in value) {
    return Buffer.from(String((value as { $blob: unknown }).$blob), 'base64')
  }
  return value
}
