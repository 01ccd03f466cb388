import type { FieldVersion } from '../../../shared/contract'
import { jsonValues } from '../sql/dialect'
import type { SqlEngine } from '../sql/sql-engine'

/**
 * The kinds of records whose fields people edit and that carry versions; a `setting` is a library_meta key (its one
 * field `value`).
 */
export type RecordKind = 'asset' | 'collection' | 'saved-search' | 'workflow' | 'person' | 'setting'

/**
 * A column giving each row's version of one field (0 when never edited), for a list read in one statement: `idColumn`
 * is the row's id as the record's id, `kind` and `field` constants of the code, never input.
 */
export function versionColumn(kind: RecordKind, idColumn: string, field: string): string {
  return `COALESCE((SELECT v.version FROM edit_versions v WHERE v.record_kind = '${kind}'
    AND v.record_id = CAST(${idColumn} AS text) AND v.field = '${field}'), 0)`
}

/** One versioned field of one record. */
export interface FieldKey {
  kind: RecordKind
  id: string
  field: string
}

const NEVER_EDITED: FieldVersion = { version: 0, changedBy: null, changedAt: null }
const COLUMNS = 'version, changed_by AS "changedBy", changed_at AS "changedAt"'
// A first save inserts version 1; a later one counts on. `CAST(? AS integer) IS NULL` is true only for a save that
// names no base version: one naming 0 (made before any edit) must not pass a row another save has just inserted.
const UPSERT = `INSERT INTO edit_versions (record_kind, record_id, field, version, changed_by, changed_at)
  VALUES (?, ?, ?, 1, ?, ?)
  ON CONFLICT (record_kind, record_id, field) DO UPDATE
  SET version = edit_versions.version + 1, changed_by = excluded.changed_by, changed_at = excluded.changed_at
  WHERE CAST(? AS integer) IS NULL
  RETURNING version`
// Waits for (PostgreSQL) or comes after (SQLite) any other transaction holding the row, then tests the version it
// committed: of two saves from one base, the second finds none.
const BUMP_FROM = `UPDATE edit_versions SET version = version + 1, changed_by = ?, changed_at = ?
  WHERE record_kind = ? AND record_id = ? AND field = ? AND version = ?
  RETURNING version`

/** The versions of edited fields (table edit_versions), on either engine. */
export function createEditVersionsRepo(sql: SqlEngine) {
  return {
    /** The field's version, who changed it and when (version 0 for a field never edited). */
    async of({ kind, id, field }: FieldKey): Promise<FieldVersion> {
      const row = await sql.get<FieldVersion>(
        `SELECT ${COLUMNS} FROM edit_versions WHERE record_kind = ? AND record_id = ? AND field = ?`,
        [kind, id, field],
      )
      return row ?? NEVER_EDITED
    },
    /** The versions of the named fields of one record, by field. */
    async ofRecord<F extends string>(
      kind: RecordKind,
      id: string,
      fields: readonly F[],
    ): Promise<Record<F, FieldVersion>> {
      const rows = await sql.all<FieldVersion & { field: F }>(
        `SELECT field, ${COLUMNS} FROM edit_versions WHERE record_kind = ? AND record_id = ?`,
        [kind, id],
      )
      const found = new Map(rows.map(({ field, ...version }) => [field, version]))
      return Object.fromEntries(fields.map((field) => [field, found.get(field) ?? NEVER_EDITED])) as Record<
        F,
        FieldVersion
      >
    },
    /**
     * Counts the field's version on, as changed by `by` at `at`: its new version, or undefined when `base` is given
     * and is no longer the current version. Hold it in the transaction that writes the value: its row stays locked.
     */
    async bump(key: FieldKey, base: number | null, by: string | null, at: string): Promise<number | undefined> {
      const row =
        base === null || base === 0
          ? await sql.get<{ version: number }>(UPSERT, [key.kind, key.id, key.field, by, at, base])
          : await sql.get<{ version: number }>(BUMP_FROM, [by, at, key.kind, key.id, key.field, base])
      return row?.version
    },
    /**
     * Forgets a deleted record's versions: a library's SQLite may give its id to the next record made, which starts
     * at version 0 like any other.
     */
    async forget(kind: RecordKind, id: string): Promise<void> {
      await sql.run('DELETE FROM edit_versions WHERE record_kind = ? AND record_id = ?', [kind, id])
    },
    /** Counts one field of many records on in one statement, whatever their versions (a bulk change). */
    async bumpEach(kind: RecordKind, ids: readonly string[], field: string, by: string | null, at: string) {
      await sql.run(
        `INSERT INTO edit_versions (record_kind, record_id, field, version, changed_by, changed_at)
         SELECT ?, value, ?, 1, ?, ? FROM ${jsonValues(sql.dialect)} WHERE true
         ON CONFLICT (record_kind, record_id, field) DO UPDATE
         SET version = edit_versions.version + 1, changed_by = excluded.changed_by, changed_at = excluded.changed_at`,
        [kind, field, by, at, JSON.stringify(ids)],
      )
    },
  }
}
export type EditVersionsRepo = ReturnType<typeof createEditVersionsRepo>
