import { jsonValues } from '../sql/dialect'
import type { SqlEngine, SqlValue } from '../sql/sql-engine'
import { quoted, tableSchemas, type ForeignKey } from '../sql/table-schema'

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

interface Dependent extends AssetDependentTable {
  columns: string[]
  /** Its foreign keys to tables other than `videos`: a row whose parent is gone is not put back. */
  parents: ForeignKey[]
}

interface AssetTables {
  videoColumns: string[]
  dependents: Dependent[]
}

/** `videos` and the dependent tables this database has, as its schema describes them. */
async function assetTables(sql: SqlEngine): Promise<AssetTables> {
  const schemas = await tableSchemas(sql, ['videos', ...ASSET_DEPENDENT_TABLES.map((dep) => dep.table)])
  return {
    videoColumns: schemas.get('videos')!.columns,
    dependents: ASSET_DEPENDENT_TABLES.flatMap((dep) => {
      const schema = schemas.get(dep.table)
      if (!schema) return []
      const parents = schema.foreignKeys.filter((key) => key.parent !== 'videos')
      return [{ ...dep, columns: schema.columns, parents }]
    }),
  }
}

const columnList = (columns: readonly string[]) => columns.map(quoted).join(', ')

/**
 * Snapshots, removes and puts back assets with their dependent rows, on either engine. Table and column names
 * come from the schema and ASSET_DEPENDENT_TABLES, never from input. Taking and removing a set of assets is one
 * statement per table, whatever their number.
 */
export function createAssetSnapshots(sql: SqlEngine) {
  // Read at first use, once per repository (so once per catalogue transaction: two statements).
  let tables: Promise<AssetTables> | undefined
  const described = () => (tables ??= assetTables(sql))
  const idsIn = (column: string) => `${quoted(column)} IN (SELECT value FROM ${jsonValues(sql.dialect)})`
  const insertRow = async (table: string, known: readonly string[], row: Row) => {
    // A column a later migration dropped is left out; one it added takes its default.
    const columns = known.filter((column) => column in row)
    await sql.run(
      `INSERT INTO ${quoted(table)} (${columnList(columns)}) VALUES (${columns.map(() => '?').join(', ')})`,
      columns.map((column) => fromJson(row[column])),
    )
  }
  const parentIsGone = async (key: ForeignKey, row: Row): Promise<boolean> => {
    // A key with a null column refers to nothing (SQL's MATCH SIMPLE): nothing can be gone.
    if (key.columns.some((column) => row[column] === null || row[column] === undefined)) return false
    const where = key.parentColumns.map((column) => `${quoted(column)} = ?`).join(' AND ')
    const found = await sql.get(
      `SELECT 1 AS found FROM ${quoted(key.parent)} WHERE ${where} LIMIT 1`,
      key.columns.map((column) => fromJson(row[column])),
    )
    return found === undefined
  }

  return {
    /** Snapshots of the assets among `ids` that exist, in the order given (each once). */
    async snapshot(ids: readonly string[]): Promise<AssetSnapshot[]> {
      const { videoColumns, dependents } = await described()
      const unique = [...new Set(ids)]
      const list = JSON.stringify(unique)
      const rows = await sql.all<Row>(`SELECT ${columnList(videoColumns)} FROM videos WHERE ${idsIn('id')}`, [list])
      const found = new Map<string, AssetSnapshot>()
      for (const row of rows) {
        const snapshot = { row: toJsonRow(row), dependents: {} as Record<string, Row[]> }
        for (const dep of dependents) snapshot.dependents[dep.table] = []
        found.set(String(row.id), snapshot)
      }
      for (const dep of dependents) {
        const depRows = await sql.all<Row>(
          `SELECT ${columnList(dep.columns)} FROM ${quoted(dep.table)} WHERE ${idsIn(dep.assetColumn)}`,
          [list],
        )
        for (const row of depRows) found.get(String(row[dep.assetColumn]))?.dependents[dep.table]!.push(toJsonRow(row))
      }
      return unique.flatMap((id) => found.get(id) ?? [])
    },
    /** Deletes assets and their dependent rows (children first, so no foreign key stands in the way). */
    async remove(ids: readonly string[]): Promise<void> {
      const { dependents } = await described()
      const list = JSON.stringify(ids)
      for (const dep of [...dependents].reverse()) {
        await sql.run(`DELETE FROM ${quoted(dep.table)} WHERE ${idsIn(dep.assetColumn)}`, [list])
      }
      await sql.run(`DELETE FROM videos WHERE ${idsIn('id')}`, [list])
    },
    /** What stands in the way of putting an asset back: a row with its id, or with its file path. */
    taken: async (id: string, filePath: string): Promise<'id' | 'path' | undefined> =>
      (
        await sql.get<{ taken: 'id' | 'path' }>(
          "SELECT CASE WHEN id = ? THEN 'id' ELSE 'path' END AS taken FROM videos WHERE id = ? OR file_path = ? LIMIT 1",
          [id, id, filePath],
        )
      )?.taken,
    /** Of `paths`, those a row other than `ids` records as its file. */
    async otherUsers(paths: readonly string[], ids: readonly string[]): Promise<Set<string>> {
      const rows = await sql.all<{ filePath: string }>(
        `SELECT file_path AS "filePath" FROM videos WHERE ${idsIn('file_path')} AND NOT ${idsIn('id')}`,
        [JSON.stringify(paths), JSON.stringify(ids)],
      )
      return new Set(rows.map((row) => row.filePath))
    },
    /**
     * Inserts a snapshot's rows again (same id); dependent rows whose other parent is gone (a
     * collection deleted since) are left out. Returns how many were left out.
     */
    async restore(snapshot: AssetSnapshot): Promise<number> {
      const { videoColumns, dependents } = await described()
      await insertRow('videos', videoColumns, snapshot.row)
      let dropped = 0
      for (const dep of dependents) {
        for (const row of snapshot.dependents[dep.table] ?? []) {
          let orphan = false
          for (const key of dep.parents) orphan ||= await parentIsGone(key, row)
          if (orphan) dropped += 1
          else await insertRow(dep.table, dep.columns, row)
        }
      }
      return dropped
    },
  }
}
export type AssetSnapshots = ReturnType<typeof createAssetSnapshots>

// JSON has no blobs: a blob column value travels as { $blob: base64 }.
function toJsonRow(row: Row): Row {
  const out: Row = {}
  for (const [key, value] of Object.entries(row)) {
    out[key] = Buffer.isBuffer(value) ? { $blob: value.toString('base64') } : value
  }
  return out
}

function fromJson(value: unknown): SqlValue {
  if (value !== null && typeof value === 'object' && '$blob' in value) {
    return Buffer.from(String((value as { $blob: unknown }).$blob), 'base64')
  }
  return value as SqlValue
}
