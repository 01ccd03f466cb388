import { jsonValues } from '../sql/dialect'
import { fileHashSql } from './file-hash'
import type { SqlEngine } from '../sql/sql-engine'

/** What a removal took away: a content, a tag off a content, a content out of a collection, a collection. */
export type RemovalKind = 'asset' | 'tag' | 'member' | 'collection'

/** One removal as kept: `hash` empty for a collection, `name` (the tag or collection) empty for an asset. */
export interface RemovalRow {
  kind: RemovalKind
  hash: string
  name: string
  by: string
  at: string
}

/** A removal's key: which kind, of which contents ("sha256:…"), by which name. */
export interface RemovalKey {
  kind: RemovalKind
  hashes: readonly string[]
  name?: string
}

const COLUMNS = 'kind, hash, name, removed_by AS "by", removed_at AS "at"'

/** The removals (a library's migration 0540, a hub's 0300), on either engine. */
export function createRemovalsRepo(sql: SqlEngine) {
  const values = jsonValues(sql.dialect)
  return {
    /** Records that `by` removed these at `at`; a removal recorded again keeps the newest person and time. */
    async record(key: RemovalKey, by: string, at: string): Promise<void> {
      const hashes = key.kind === 'collection' ? [''] : key.hashes
      if (hashes.length === 0) return
      await sql.run(
        `INSERT INTO removals (kind, hash, name, removed_by, removed_at)
         SELECT ?, value, ?, ?, ? FROM ${values} WHERE true
         ON CONFLICT (kind, hash, name) DO UPDATE SET removed_by = excluded.removed_by, removed_at = excluded.removed_at`,
        [key.kind, key.name ?? '', by, at, JSON.stringify([...new Set(hashes)])],
      )
    },
    /** Forgets these removals (they were undone). */
    async forget(key: RemovalKey): Promise<void> {
      const hashes = key.kind === 'collection' ? [''] : key.hashes
      if (hashes.length === 0) return
      await sql.run(`DELETE FROM removals WHERE kind = ? AND name = ? AND hash IN (SELECT value FROM ${values})`, [
        key.kind,
        key.name ?? '',
        JSON.stringify(hashes),
      ])
    },
    /** The contents ("sha256:…") these assets hold, each once; an unknown asset or one without a hash adds none. */
    contentsOf: async (assetIds: readonly string[]): Promise<string[]> =>
      (
        await sql.all<{ hash: string }>(
          `SELECT DISTINCT ${fileHashSql('file_hash', sql.dialect)} AS hash FROM videos
           WHERE file_hash IS NOT NULL AND id IN (SELECT value FROM ${values})`,
          [JSON.stringify(assetIds)],
        )
      ).map((row) => row.hash),
    /** The removals of these contents (of every kind but collections), and every collection removed. */
    of: (hashes: readonly string[]): Promise<RemovalRow[]> =>
      sql.all(
        `SELECT ${COLUMNS} FROM removals
         WHERE kind = 'collection' OR hash IN (SELECT value FROM ${values})
         ORDER BY kind, hash, name`,
        [JSON.stringify(hashes)],
      ),
  }
}
export type RemovalsRepo = ReturnType<typeof createRemovalsRepo>
