import type { Database } from 'better-sqlite3'
import { fileHashSql } from './file-hash'
import type { AssetFile } from './media'
import { UNTRACKED } from '../change-tracking'
import { createKinQuery } from './similar-kin'

/** A file's stored frame hashes under one config: packed frames (see migration 0240), or why it has none. */
export interface StoredFrames {
  frameCount: number
  frames: Buffer
  error: string | null
  /** A video's picture between black bars ("WxH"), where it has bars. */
  picture: string | null
}

/** An asset the hashing job has yet to do: what it needs to find and sample its file. */
export interface UnhashedAsset extends AssetFile {
  rowid: number
  id: string
  name: string
  fileHash: string
  mediaType: 'video' | 'image'
  durationSeconds: number | null
}

// Assets with pictures and a file that was last seen where it belongs (a missing file cannot be sampled).
const HASHABLE = `v.media_type IN ('video', 'image') AND v.file_hash IS NOT NULL AND v.health IS NOT 'missing'`
const NOT_HASHED = `NOT EXISTS (SELECT 1 FROM frame_hashes h WHERE h.file_hash = ${fileHashSql('v.file_hash')} AND h.config_hash = @configHash)`

/**
 * Perceptual frame hashes by content and config, and the pairs people dismissed as not duplicates (migration 0240);
 * the assets that have near-duplicates (migration 0250).
 */
export function createSimilarRepo(db: Database) {
  const getStmt = db.prepare<[string, string], StoredFrames>(
    `SELECT frame_count AS frameCount, frames, error, picture FROM frame_hashes WHERE file_hash = ? AND config_hash = ?`,
  )
  const putStmt = db.prepare(
    `INSERT OR REPLACE INTO frame_hashes (file_hash, config_hash, frame_count, frames, error, picture, hashed_at)
     VALUES (@fileHash, @configHash, @frameCount, @frames, @error, @picture, @hashedAt)`,
  )
  // Keyset by rowid: a job that resumes, or reads its next batch, starts where the last one ended.
  const unhashedStmt = db.prepare<{ configHash: string; afterRowid: number; limit: number }, UnhashedAsset>(
    `SELECT v.rowid, v.id, v.name, v.file_path AS filePath, v.storage, v.object_key AS objectKey,
            ${fileHashSql('v.file_hash')} AS fileHash,
            v.media_type AS mediaType, v.duration_seconds AS durationSeconds
     FROM videos v WHERE v.rowid > @afterRowid AND ${HASHABLE} AND ${NOT_HASHED}
     ORDER BY v.rowid LIMIT @limit`,
  )
  const countUnhashedStmt = db
    .prepare<{ configHash: string }, number>(`SELECT count(*) FROM videos v WHERE ${HASHABLE} AND ${NOT_HASHED}`)
    .pluck()
  // Hashed and failed assets (not contents: two assets of one content count twice, as the library lists them).
  const countsStmt = db.prepare<{ configHash: string }, { hashed: number; failed: number }>(
    `SELECT count(h.error IS NULL OR NULL) AS hashed, count(h.error) AS failed FROM videos v JOIN frame_hashes h
       ON h.file_hash = ${fileHashSql('v.file_hash')} AND h.config_hash = @configHash
     WHERE ${HASHABLE}`,
  )
  const withFrames = `FROM videos v JOIN frame_hashes h
       ON h.file_hash = ${fileHashSql('v.file_hash')} AND h.config_hash = @configHash
     WHERE ${HASHABLE} AND h.error IS NULL AND h.frame_count > 0`
  const hashedIdsStmt = db.prepare<{ configHash: string }, string>(`SELECT v.id ${withFrames}`).pluck()
  const picturesStmt = db
    .prepare<{ configHash: string; ids: string }, [string, string | null]>(
      `SELECT v.id, coalesce(h.picture, v.resolution) ${withFrames} AND v.id IN (SELECT value FROM json_each(@ids))`,
    )
    .raw()
  const framesOfStmt = db.prepare<{ configHash: string; ids: string }, { id: string; frames: Buffer }>(
    `SELECT v.id, h.frames ${withFrames} AND v.id IN (SELECT value FROM json_each(@ids))`,
  )
  const provenanceStmt = db
    .prepare<[string], string>(
      `SELECT value FROM json_each(?) WHERE EXISTS (SELECT 1 FROM video_generation g WHERE g.video_id = value)
         OR EXISTS (SELECT 1 FROM workflow_videos w WHERE w.video_id = value)`,
    )
    .pluck()
  const dismissStmt = db.prepare(
    'INSERT OR IGNORE INTO similar_dismissed (content_a, content_b, dismissed_at) VALUES (?, ?, ?)',
  )
  const undismissStmt = db.prepare('DELETE FROM similar_dismissed WHERE content_a = ? AND content_b = ?')
  const dismissedStmt = db.prepare<[], [string, string]>('SELECT content_a, content_b FROM similar_dismissed').raw()
  const anyFramesStmt = db
    .prepare<[string], number>(
      'SELECT EXISTS (SELECT 1 FROM frame_hashes WHERE config_hash = ? AND error IS NULL AND frame_count > 0)',
    )
    .pluck()
  // The grouped assets (migration 0250), written only where they change: the facet index's change log then names
  // the assets that joined or left, not every member again. Assets deleted meanwhile are left out (the foreign key).
  const ungroupStmt = db.prepare<[string]>(
    'DELETE FROM near_duplicate_assets WHERE asset_id NOT IN (SELECT value FROM json_each(?))',
  )
  const groupStmt = db.prepare<[string]>(
    `INSERT OR IGNORE INTO near_duplicate_assets (asset_id)
     SELECT id FROM videos WHERE id IN (SELECT value FROM json_each(?))`,
  )
  const STALE = "'near_duplicates_stale'"
  const markStaleStmt = db.prepare(
    `${UNTRACKED} INSERT INTO library_meta (key, value) VALUES (${STALE}, '1')
     ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)`,
  )
  const staleStmt = db.prepare<[], string>(`SELECT value FROM library_meta WHERE key = ${STALE}`).pluck()
  const clearStaleStmt = db.prepare<[string]>(
    `${UNTRACKED} DELETE FROM library_meta WHERE key = ${STALE} AND value = ?`,
  )
  return {
    /** A file's frames under a config, if it was hashed (or failed to be). */
    get(fileHash: string, configHash: string): StoredFrames | undefined {
      return getStmt.get(fileHash, configHash)
    },
    /** Stores a file's frames under a config (again: replaces them). */
    put(fileHash: string, configHash: string, stored: StoredFrames, hashedAt = new Date().toISOString()): void {
      putStmt.run({ fileHash, configHash, ...stored, hashedAt })
    },
    /** The next assets after `afterRowid` whose content has no frames under this config yet. */
    unhashed(configHash: string, afterRowid: number, limit: number): UnhashedAsset[] {
      return unhashedStmt.all({ configHash, afterRowid, limit })
    },
    /** How many assets wait to be hashed under this config. */
    countUnhashed(configHash: string): number {
      return countUnhashedStmt.get({ configHash }) ?? 0
    },
    /** How many assets have frames under this config, and how many could not be hashed. */
    counts(configHash: string): { hashed: number; failed: number } {
      return countsStmt.get({ configHash }) ?? { hashed: 0, failed: 0 }
    },
    /** The assets with frames under this config. */
    hashedIds(configHash: string): string[] {
      return hashedIdsStmt.all({ configHash })
    },
    /** These assets' frames under this config (those that have any), read a thousand assets at a time. */
    *framesOf(configHash: string, ids: readonly string[]): Generator<{ id: string; frames: Buffer }> {
      for (let start = 0; start < ids.length; start += 1000) {
        yield* framesOfStmt.all({ configHash, ids: JSON.stringify(ids.slice(start, start + 1000)) })
      }
    },
    /** The size ("WxH") of each of these assets' picture: between black bars where hashing found bars. */
    pictureSizes(configHash: string, ids: readonly string[]): Map<string, string | null> {
      return new Map(picturesStmt.all({ configHash, ids: JSON.stringify(ids) }))
    },
    /** Which of these assets have generation details or a workflow: what made them is known. */
    withProvenance(ids: readonly string[]): Set<string> {
      return new Set(provenanceStmt.all(JSON.stringify(ids)))
    },
    /** Which of these assets are related by how they were made (a stack, one run, made from): not duplicates. */
    kin: createKinQuery(db),
    /** Records that two assets are not duplicates (by content ids, in either order; again is harmless). */
    dismiss(a: string, b: string, at = new Date().toISOString()): void {
      const [first, second] = a < b ? [a, b] : [b, a]
      dismissStmt.run(first, second, at)
    },
    /** Takes a dismissal back. */
    undismiss(a: string, b: string): void {
      const [first, second] = a < b ? [a, b] : [b, a]
      undismissStmt.run(first, second)
    },
    /** Every dismissed pair, as "smaller id|larger id" keys. */
    dismissedPairs(): Set<string> {
      return new Set(dismissedStmt.all().map(([a, b]) => `${a}|${b}`))
    },
    /** Whether any file has frames under this config (without any, no asset has near-duplicates). */
    anyFrames(configHash: string): boolean {
      return anyFramesStmt.get(configHash) === 1
    },
    /** Makes these assets the ones with near-duplicates (those still in the library); returns how many rows changed. */
    replaceNearDuplicateAssets(ids: readonly string[]): number {
      const json = JSON.stringify(ids)
      return db.transaction(() => ungroupStmt.run(json).changes + groupStmt.run(json).changes)()
    },
    /** Notes that the assets with near-duplicates may be behind the groups (a new stamp each time). */
    markNearDuplicatesStale(): void {
      markStaleStmt.run()
    },
    /** The stamp of the last such note not cleared yet; null when the assets with near-duplicates are current. */
    nearDuplicatesStale(): string | null {
      return staleStmt.get() ?? null
    },
    /** Clears the note, unless a newer one was made since `stamp`. */
    clearNearDuplicatesStale(stamp: string): void {
      clearStaleStmt.run(stamp)
    },
  }
}
export type SimilarRepo = ReturnType<typeof createSimilarRepo>
