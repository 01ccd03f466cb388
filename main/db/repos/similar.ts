import type { HashPart } from '../../../shared/contract'
import { jsonValues } from '../sql/dialect'
import type { SqlEngine } from '../sql/sql-engine'
import { fileHashSql } from './file-hash'
import type { AssetFile } from './media'
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
  id: string
  name: string
  fileHash: string
  mediaType: 'video' | 'image'
  durationSeconds: number | null
}

// Assets with pictures and a file that was last seen where it belongs (a missing file cannot be sampled).
const HASHABLE = `v.media_type IN ('video', 'image') AND v.file_hash IS NOT NULL AND coalesce(v.health, '') <> 'missing'`
const HEX_DIGITS = '0123456789abcdef'.split('')

/** The SQL test that an asset (`v`) is of `part` (see HashPart); always true without one. Digits only: no parameters. */
function partTest(part: HashPart | undefined): string {
  if (!part) return 'TRUE'
  const first = 'lower(substr(v.id, 1, 1))'
  const quoted = (digits: string[]) => digits.map((digit) => `'${digit}'`).join(', ')
  const mine = HEX_DIGITS.filter((_, value) => value % part.of === part.index)
  const others = part.index === 0 ? ` OR ${first} NOT IN (${quoted(HEX_DIGITS)})` : ''
  return `(${first} IN (${quoted(mine)})${others})`
}
// Frames read this many assets at a time (each asset's may be a hundred kilobytes).
const FRAMES_AT_ONCE = 1000
const STALE = "'near_duplicates_stale'"

/**
 * Perceptual frame hashes by content and config, and the pairs people dismissed as not duplicates (migration 0240);
 * the assets that have near-duplicates (migration 0250). Frames are the same bytes on both engines (a BLOB, bytea).
 */
export function createSimilarRepo(sql: SqlEngine) {
  const assetHash = fileHashSql('v.file_hash', sql.dialect)
  const inIds = `v.id IN (SELECT value FROM ${jsonValues(sql.dialect)})`
  // Each takes the config hash as its one parameter.
  const notHashed = `NOT EXISTS (SELECT 1 FROM frame_hashes h WHERE h.file_hash = ${assetHash} AND h.config_hash = ?)`
  const hashable = `FROM videos v JOIN frame_hashes h ON h.file_hash = ${assetHash} AND h.config_hash = ? WHERE ${HASHABLE}`
  const withFrames = `${hashable} AND h.error IS NULL AND h.frame_count > 0`
  return {
    /** A file's frames under a config, if it was hashed (or failed to be). */
    get(fileHash: string, configHash: string): Promise<StoredFrames | undefined> {
      return sql.get<StoredFrames>(
        `SELECT frame_count AS "frameCount", frames, error, picture FROM frame_hashes
         WHERE file_hash = ? AND config_hash = ?`,
        [fileHash, configHash],
      )
    },
    /** Stores a file's frames under a config (again: replaces them). */
    async put(fileHash: string, configHash: string, stored: StoredFrames, hashedAt = new Date().toISOString()) {
      const { frameCount, frames, error, picture } = stored
      await sql.run(
        `INSERT INTO frame_hashes (file_hash, config_hash, frame_count, frames, error, picture, hashed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (file_hash, config_hash) DO UPDATE SET frame_count = excluded.frame_count,
           frames = excluded.frames, error = excluded.error, picture = excluded.picture, hashed_at = excluded.hashed_at`,
        [fileHash, configHash, frameCount, frames, error, picture, hashedAt],
      )
    },
    /**
     * The next assets in id order after `afterId` ('' for the first) whose content has no frames under this config
     * yet: keyset paging, so the next batch starts where the last one ended.
     */
    unhashed(configHash: string, afterId: string, limit: number, part?: HashPart): Promise<UnhashedAsset[]> {
      return sql.all<UnhashedAsset>(
        `SELECT v.id, v.name, v.file_path AS "filePath", v.storage, v.object_key AS "objectKey",
                ${assetHash} AS "fileHash", v.media_type AS "mediaType", v.duration_seconds AS "durationSeconds"
         FROM videos v WHERE v.id > ? AND ${HASHABLE} AND ${notHashed} AND ${partTest(part)}
         ORDER BY v.id LIMIT ?`,
        [afterId, configHash, limit],
      )
    },
    /** How many assets wait to be hashed under this config (of one part, when given). */
    async countUnhashed(configHash: string, part?: HashPart): Promise<number> {
      const row = await sql.get<{ waiting: number }>(
        `SELECT count(*) AS waiting FROM videos v WHERE ${HASHABLE} AND ${notHashed} AND ${partTest(part)}`,
        [configHash],
      )
      return row?.waiting ?? 0
    },
    /**
     * How many assets have frames under this config, and how many could not be hashed (not contents: two assets of
     * one content count twice, as the library lists them).
     */
    async counts(configHash: string): Promise<{ hashed: number; failed: number }> {
      const row = await sql.get<{ hashed: number; failed: number }>(
        `SELECT count(CASE WHEN h.error IS NULL THEN 1 END) AS hashed, count(h.error) AS failed ${hashable}`,
        [configHash],
      )
      return row ?? { hashed: 0, failed: 0 }
    },
    /** The assets with frames under this config, in id order. */
    async hashedIds(configHash: string): Promise<string[]> {
      const rows = await sql.all<{ id: string }>(`SELECT v.id ${withFrames} ORDER BY v.id`, [configHash])
      return rows.map((row) => row.id)
    },
    /** These assets' frames under this config (those that have any), read a thousand assets at a time. */
    async *framesOf(configHash: string, ids: readonly string[]): AsyncGenerator<{ id: string; frames: Buffer }> {
      for (let start = 0; start < ids.length; start += FRAMES_AT_ONCE) {
        yield* await sql.all<{ id: string; frames: Buffer }>(
          `SELECT v.id, h.frames ${withFrames} AND ${inIds} ORDER BY v.id`,
          [configHash, JSON.stringify(ids.slice(start, start + FRAMES_AT_ONCE))],
        )
      }
    },
    /** The size ("WxH") of each of these assets' picture: between black bars where hashing found bars. */
    async pictureSizes(configHash: string, ids: readonly string[]): Promise<Map<string, string | null>> {
      const rows = await sql.all<{ id: string; picture: string | null }>(
        `SELECT v.id, coalesce(h.picture, v.resolution) AS picture ${withFrames} AND ${inIds}`,
        [configHash, JSON.stringify(ids)],
      )
      return new Map(rows.map((row) => [row.id, row.picture]))
    },
    /** Which of these assets have generation details or a workflow: what made them is known. */
    async withProvenance(ids: readonly string[]): Promise<Set<string>> {
      const rows = await sql.all<{ id: string }>(
        `SELECT value AS id FROM ${jsonValues(sql.dialect)}
         WHERE EXISTS (SELECT 1 FROM video_generation g WHERE g.video_id = value)
            OR EXISTS (SELECT 1 FROM workflow_videos w WHERE w.video_id = value)`,
        [JSON.stringify(ids)],
      )
      return new Set(rows.map((row) => row.id))
    },
    /** Which of these assets are related by how they were made (a stack, one run, made from): not duplicates. */
    kin: createKinQuery(sql),
    /** Records that two assets are not duplicates (by content ids, in either order; again is harmless). */
    async dismiss(a: string, b: string, at = new Date().toISOString()): Promise<void> {
      await sql.run(
        'INSERT INTO similar_dismissed (content_a, content_b, dismissed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
        [...inOrder(a, b), at],
      )
    },
    /** Takes a dismissal back. */
    async undismiss(a: string, b: string): Promise<void> {
      await sql.run('DELETE FROM similar_dismissed WHERE content_a = ? AND content_b = ?', inOrder(a, b))
    },
    /** Every dismissed pair, as "smaller id|larger id" keys. */
    async dismissedPairs(): Promise<Set<string>> {
      const rows = await sql.all<{ a: string; b: string }>(
        'SELECT content_a AS a, content_b AS b FROM similar_dismissed',
      )
      return new Set(rows.map(({ a, b }) => `${a}|${b}`))
    },
    /** Whether any file has frames under this config (without any, no asset has near-duplicates). */
    async anyFrames(configHash: string): Promise<boolean> {
      const row = await sql.get(
        'SELECT 1 AS one FROM frame_hashes WHERE config_hash = ? AND error IS NULL AND frame_count > 0 LIMIT 1',
        [configHash],
      )
      return row !== undefined
    },
    /**
     * Makes these assets the ones with near-duplicates (those still in the library: the foreign key); returns how many
     * rows changed. Rows are written only where they change: the facet index's change log then names the assets that
     * joined or left, not every member again. Two statements and no transaction: between them the table holds only
     * assets of both the old and the new groups, and the stale note (see markNearDuplicatesStale) outlives a process
     * that dies there. A library's transaction would keep its write lock across the await between them while this
     * thread runs other work: a connection of this thread's own that writes then would wait on it for good.
     */
    async replaceNearDuplicateAssets(ids: readonly string[]): Promise<number> {
      const json = JSON.stringify(ids)
      const listed = `(SELECT value FROM ${jsonValues(sql.dialect)})`
      const left = await sql.run(`DELETE FROM near_duplicate_assets WHERE asset_id NOT IN ${listed}`, [json])
      const joined = await sql.run(
        `INSERT INTO near_duplicate_assets (asset_id) SELECT id FROM videos WHERE id IN ${listed} ON CONFLICT DO NOTHING`,
        [json],
      )
      return left.changes + joined.changes
    },
    /** Notes that the assets with near-duplicates may be behind the groups (a new stamp each time). */
    async markNearDuplicatesStale(): Promise<void> {
      await sql.run(
        `INSERT INTO library_meta (key, value) VALUES (${STALE}, '1')
         ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(library_meta.value AS INTEGER) + 1 AS TEXT)`,
      )
    },
    /** The stamp of the last such note not cleared yet; null when the assets with near-duplicates are current. */
    async nearDuplicatesStale(): Promise<string | null> {
      const row = await sql.get<{ value: string }>(`SELECT value FROM library_meta WHERE key = ${STALE}`)
      return row?.value ?? null
    },
    /** Clears the note, unless a newer one was made since `stamp`. */
    async clearNearDuplicatesStale(stamp: string): Promise<void> {
      await sql.run(`DELETE FROM library_meta WHERE key = ${STALE} AND value = ?`, [stamp])
    },
  }
}
export type SimilarRepo = ReturnType<typeof createSimilarRepo>

/** A pair of content ids as dismissals store it: the smaller first. */
function inOrder(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a]
}
