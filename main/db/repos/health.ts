import type { AssetHealth, FlaggedAsset } from '../../../shared/contract'
import { jsonValues } from '../sql/dialect'
import type { SqlEngine } from '../sql/sql-engine'
import { readFileHash } from './file-hash'
import type { AssetFile } from './media'

/** What a health check needs to know about an asset. */
export interface HealthTarget extends AssetFile {
  id: string
  name: string
  sizeBytes: number | null
  fileHash: string | null
  sampledId: string | null
  health: AssetHealth | null
}

const TARGET_COLUMNS = `id, name, file_path AS "filePath", storage, object_key AS "objectKey", size_bytes AS "sizeBytes",
  file_hash AS "fileHash", sampled_id AS "sampledId", health`

// A seed's bare-hex file_hash reads as its SHA-256, so verify compares like with like.
const asTargets = (rows: HealthTarget[]): HealthTarget[] =>
  rows.map((row) => ({ ...row, fileHash: readFileHash(row.fileHash) }))

/** Assets per health flag (over the partial index videos_health: the few flagged rows, not every asset). */
export const FLAG_COUNTS = 'SELECT health, count(*) AS count FROM videos WHERE health IS NOT NULL GROUP BY health'

/**
 * Reads and writes the health columns of `videos` (a library's migration 0080, a hub's 0030), on either engine.
 * Pages and lists go by id in the engine's order of ids (a hub's collation may order mixed-case ids otherwise).
 */
export function createHealthRepo(sql: SqlEngine) {
  return {
    /** How many assets there are and their recorded bytes. */
    totals: async (): Promise<{ files: number; bytes: number }> =>
      (await sql.get<{ files: number; bytes: number }>(
        'SELECT count(*) AS files, CAST(coalesce(sum(size_bytes), 0) AS bigint) AS bytes FROM videos',
      ))!,
    /** The next `limit` assets after id `after` (all, or linked only), in id order. */
    page: async (after: string, limit: number, linkedOnly = false): Promise<HealthTarget[]> =>
      asTargets(
        await sql.all(
          `SELECT ${TARGET_COLUMNS} FROM videos WHERE id > ? ${linkedOnly ? "AND storage = 'link'" : ''}
           ORDER BY id LIMIT ?`,
          [after, limit],
        ),
      ),
    /** The assets among `ids` (unknown ids are left out), in id order. */
    byIds: async (ids: readonly string[]): Promise<HealthTarget[]> =>
      asTargets(
        await sql.all(
          `SELECT ${TARGET_COLUMNS} FROM videos WHERE id IN (SELECT value FROM ${jsonValues(sql.dialect)}) ORDER BY id`,
          [JSON.stringify(ids)],
        ),
      ),
    /** Copied assets flagged missing: relink cannot find them, but reports them. */
    flaggedCopies: async (): Promise<HealthTarget[]> =>
      asTargets(
        await sql.all(`SELECT ${TARGET_COLUMNS} FROM videos WHERE health = 'missing' AND storage = 'copy' ORDER BY id`),
      ),
    /** Records a verify that found the file whole and matching. */
    async markOk(id: string, at: string): Promise<void> {
      // health_at records when the flag last changed, so a check that finds what it found before keeps it.
      await sql.run(
        `UPDATE videos SET verified_at = ?, health_at = CASE WHEN health IS NULL THEN health_at ELSE ? END,
           health = NULL WHERE id = ?`,
        [at, at, id],
      )
    },
    /** Takes an asset's missing flag away: its file was found again (by a job, or an open). */
    async clearMissing(id: string, at: string): Promise<void> {
      await sql.run("UPDATE videos SET health = NULL, health_at = ? WHERE id = ? AND health = 'missing'", [at, id])
    },
    /** Flags an asset missing or changed (a flag it has already is left with its time). */
    async flag(id: string, health: AssetHealth, at: string): Promise<void> {
      await sql.run('UPDATE videos SET health = ?, health_at = ? WHERE id = ? AND (health IS NULL OR health <> ?)', [
        health,
        at,
        id,
        health,
      ])
    },
    /**
     * Points a linked asset at the file it moved to, confirmed by SHA-256. Throws UniqueViolation when another
     * asset already has that path.
     */
    relink: async (id: string, filePath: string, at: string): Promise<boolean> =>
      (
        await sql.run(
          `UPDATE videos SET file_path = ?, verified_at = ?, health = NULL, health_at = ?
           WHERE id = ? AND storage = 'link'`,
          [filePath, at, at, id],
        )
      ).changes > 0,
    /** Flagged assets per flag, and all assets. */
    async counts(): Promise<{ total: number; missing: number; changed: number }> {
      const flags = await sql.all<{ health: AssetHealth; count: number }>(FLAG_COUNTS)
      const all = await sql.get<{ count: number }>('SELECT count(*) AS count FROM videos')
      const counts = { total: all!.count, missing: 0, changed: 0 }
      for (const row of flags) counts[row.health] = row.count
      return counts
    },
    /** The first `limit` assets (by id) with this flag. */
    flagged: (health: AssetHealth, limit: number): Promise<FlaggedAsset[]> =>
      sql.all(
        `SELECT id, name, file_path AS path, storage, health_at AS since FROM videos
         WHERE health = ? ORDER BY id LIMIT ?`,
        [health, limit],
      ),
  }
}
export type HealthRepo = ReturnType<typeof createHealthRepo>
