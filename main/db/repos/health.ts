import type { Database } from 'better-sqlite3'
import type { AssetHealth, FlaggedAsset } from '../../../shared/contract'
import { fileHashSql } from './file-hash'
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

// A seed's bare-hex file_hash reads as its SHA-256, so verify compares like with like.
const TARGET_COLUMNS = `id, name, file_path AS filePath, storage, object_key AS objectKey, size_bytes AS sizeBytes, ${fileHashSql('file_hash')} AS fileHash,
  sampled_id AS sampledId, health`

/** Reads and writes the health columns of `videos` (migration 0080). */
export function createHealthRepo(db: Database) {
  const totalsStmt = db.prepare<[], { files: number; bytes: number }>(
    'SELECT count(*) AS files, COALESCE(SUM(size_bytes), 0) AS bytes FROM videos',
  )
  const pageStmt = db.prepare<{ after: string; limit: number }, HealthTarget>(
    `SELECT ${TARGET_COLUMNS} FROM videos WHERE id > @after ORDER BY id LIMIT @limit`,
  )
  const linkedPageStmt = db.prepare<{ after: string; limit: number }, HealthTarget>(
    `SELECT ${TARGET_COLUMNS} FROM videos WHERE id > @after AND storage = 'link' ORDER BY id LIMIT @limit`,
  )
  const byIdsStmt = db.prepare<[string], HealthTarget>(
    `SELECT ${TARGET_COLUMNS} FROM videos WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`,
  )
  const flaggedCopiesStmt = db.prepare<[], HealthTarget>(
    `SELECT ${TARGET_COLUMNS} FROM videos WHERE health = 'missing' AND storage = 'copy' ORDER BY id`,
  )
  // health_at records when the flag last changed, so a check that finds what it found before keeps it.
  const markOkStmt = db.prepare<{ id: string; at: string }>(
    `UPDATE videos SET verified_at = @at, health_at = CASE WHEN health IS NULL THEN health_at ELSE @at END,
       health = NULL WHERE id = @id`,
  )
  const flagStmt = db.prepare<{ id: string; health: AssetHealth; at: string }>(
    'UPDATE videos SET health = @health, health_at = @at WHERE id = @id AND health IS NOT @health',
  )
  const relinkStmt = db.prepare<{ id: string; filePath: string; at: string }>(
    `UPDATE videos SET file_path = @filePath, verified_at = @at, health = NULL, health_at = @at
     WHERE id = @id AND storage = 'link'`,
  )
  const countsStmt = db.prepare<[], { health: AssetHealth; count: number }>(
    'SELECT health, count(*) AS count FROM videos INDEXED BY videos_health WHERE health IS NOT NULL GROUP BY health',
  )
  const countAllStmt = db.prepare<[], number>('SELECT count(*) FROM videos').pluck()
  const flaggedStmt = db.prepare<{ health: AssetHealth; limit: number }, FlaggedAsset>(
    `SELECT id, name, file_path AS path, storage, health_at AS since FROM videos
     WHERE health = @health ORDER BY id LIMIT @limit`,
  )

  return {
    /** How many assets there are and their recorded bytes. */
    totals: (): { files: number; bytes: number } => totalsStmt.get()!,
    /** The next `limit` assets after id `after` (all, or linked only), in id order. */
    page(after: string, limit: number, linkedOnly = false): HealthTarget[] {
      return (linkedOnly ? linkedPageStmt : pageStmt).all({ after, limit })
    },
    /** The assets among `ids` (unknown ids are left out), in id order. */
    byIds: (ids: readonly string[]): HealthTarget[] => byIdsStmt.all(JSON.stringify(ids)),
    /** Copied assets flagged missing: relink cannot find them, but reports them. */
    flaggedCopies: (): HealthTarget[] => flaggedCopiesStmt.all(),
    /** Records a verify that found the file whole and matching. */
    markOk: (id: string, at: string): void => void markOkStmt.run({ id, at }),
    /** Flags an asset missing or changed (a flag it has already is left with its time). */
    flag: (id: string, health: AssetHealth, at: string): void => void flagStmt.run({ id, health, at }),
    /**
     * Points a linked asset at the file it moved to, confirmed by SHA-256. Throws SQLite's
     * UNIQUE constraint error when another asset already has that path.
     */
    relink: (id: string, filePath: string, at: string): boolean => relinkStmt.run({ id, filePath, at }).changes > 0,
    /** Flagged assets per flag, and all assets. */
    counts(): { total: number; missing: number; changed: number } {
      const counts = { total: countAllStmt.get() ?? 0, missing: 0, changed: 0 }
      for (const row of countsStmt.all()) counts[row.health] = row.count
      return counts
    },
    /** The first `limit` assets (by id) with this flag. */
    flagged: (health: AssetHealth, limit: number): FlaggedAsset[] => flaggedStmt.all({ health, limit }),
  }
}
export type HealthRepo = ReturnType<typeof createHealthRepo>
