import type { Database } from 'better-sqlite3'
import type { AssetRef, MediaAsset, MediaType } from '../../../shared/contract'
import { fileHashSql, readFileHash, seedForm } from './file-hash'
import { UNTRACKED } from '../change-tracking'

/** A `videos` row as SQLite returns it. */
export interface VideoRow {
  id: string
  name: string
  file_path: string
  file_hash: string | null
  size_bytes: number | null
  duration_seconds: number | null
  resolution: string | null
  aspect_ratio: string | null
  codec: string | null
  fps: number | null
  source_type: string
  created_at: string
  metadata: string | null
  media_type: MediaType
  status: number
  error: string | null
  imported_by: string | null
  original_path: string | null
  imported_at: string | null
  sampled_id: string | null
  storage: 'copy' | 'link'
  rating: number
  notes: string | null
  health: 'missing' | 'changed' | null
  verified_at: string | null
  object_key: string | null
}

/**
 * Where an asset's bytes are: a copied asset's object key in the library's store (its recorded path mirrors it in
 * the library folder), or a linked asset's own file (absolute). A row no import of ours wrote may record a copy by
 * its path alone (objectKey null).
 */
export interface AssetFile {
  filePath: string
  storage: 'copy' | 'link'
  objectKey: string | null
}

/** What an import writes for a new asset. */
export interface NewAsset {
  id: string
  name: string
  filePath: string
  fileHash: string
  sizeBytes: number
  durationSeconds: number | null
  resolution: string | null
  aspectRatio: string | null
  codec: string | null
  fps: number | null
  sourceType: string
  createdAt: string
  metadata: Record<string, unknown>
  mediaType: MediaType
  importedBy: string
  originalPath: string | null
  importedAt: string
  sampledId: string
  storage: 'copy' | 'link'
  /** A copy's key in the object store (its `filePath` is the key's file in the library folder); null when linked. */
  objectKey: string | null
  /** Written to the `error` column (e.g. a damaged file); none by default. */
  error?: string | null
}

/** A candidate for dedupe: an asset with the same sampled id. */
export interface SampledMatch extends AssetRef {
  fileHash: string | null
}

const MATCH = `id, name, file_path AS filePath, ${fileHashSql('file_hash')} AS fileHash`

/** An asset by content hash in either stored form (a row the seed wrote has no sampled id), by videos_file_hash. */
export const BY_CONTENT_HASH_SQL = `SELECT ${MATCH} FROM videos WHERE file_hash IN (?, ?) ORDER BY id LIMIT 1`

/** Reads and writes assets in the `videos` table. */
export function createMediaRepo(db: Database) {
  const insertStmt = db.prepare(
    `INSERT INTO videos (id, name, file_path, file_hash, size_bytes, duration_seconds, resolution, aspect_ratio,
       codec, fps, source_type, created_at, metadata, media_type, status, imported_by, original_path, imported_at,
       sampled_id, storage, object_key, error)
     VALUES (@id, @name, @filePath, @fileHash, @sizeBytes, @durationSeconds, @resolution, @aspectRatio, @codec, @fps,
       @sourceType, @createdAt, @metadata, @mediaType, 1, @importedBy, @originalPath, @importedAt, @sampledId, @storage,
       @objectKey, @error)`,
  )
  const bySampledStmt = db.prepare<[string], SampledMatch>(`SELECT ${MATCH} FROM videos WHERE sampled_id = ?`)
  const sameContentStmt = db.prepare<[string, string, string], SampledMatch>(
    `SELECT ${MATCH} FROM videos WHERE sampled_id = ? AND file_hash IN (?, ?) LIMIT 1`,
  )
  const byContentHashStmt = db.prepare<[string, string], SampledMatch>(BY_CONTENT_HASH_SQL)
  const hasSampledStmt = db.prepare<[string], number>('SELECT 1 FROM videos WHERE sampled_id = ? LIMIT 1').pluck()
  const refStmt = db.prepare<[string], AssetRef>('SELECT id, name, file_path AS filePath FROM videos WHERE id = ?')
  const withHashStmt = db
    .prepare<[string, string], string>('SELECT id FROM videos WHERE file_hash IN (?, ?) LIMIT 1')
    .pluck()
  const byOriginalPathStmt = db.prepare<[string], AssetRef>(
    'SELECT id, name, file_path AS filePath FROM videos WHERE original_path = ? ORDER BY imported_at DESC LIMIT 1',
  )
  const byPathStmt = db.prepare<[string], AssetRef>(
    'SELECT id, name, file_path AS filePath FROM videos WHERE file_path = ?',
  )
  const atPathWithHashStmt = db
    .prepare<[string, string, string], string>('SELECT id FROM videos WHERE file_path = ? AND file_hash IN (?, ?)')
    .pluck()
  const getStmt = db.prepare<[string], VideoRow>('SELECT * FROM videos WHERE id = ?')
  const fileOfStmt = db.prepare<[string], AssetFile>(
    'SELECT file_path AS filePath, storage, object_key AS objectKey FROM videos WHERE id = ?',
  )
  // Answered from the videos_storage_size index alone (covering), not from the wide rows.
  const storageBytesStmt = db.prepare<[], { storage: 'copy' | 'link'; bytes: number }>(
    'SELECT storage, COALESCE(SUM(size_bytes), 0) AS bytes FROM videos GROUP BY storage',
  )
  const setStatusStmt = db.prepare<[number, string | null, string]>(
    'UPDATE videos SET status = ?, error = ? WHERE id = ?',
  )
  const setThumbsBytesStmt = db.prepare<[number, string]>(
    `${UNTRACKED} UPDATE videos SET thumbs_bytes = ? WHERE id = ?`,
  )
  // Only where still unrecorded: a thumbnailer that recorded meanwhile measured newer files.
  const backfillThumbsBytesStmt = db.prepare<[number, string]>(
    `${UNTRACKED} UPDATE videos SET thumbs_bytes = ? WHERE id = ? AND thumbs_bytes IS NULL`,
  )
  // The sum reads the videos_thumbs_bytes index alone (migration 0130); unrecorded rows are found by it.
  const thumbsBytesStmt = db.prepare<[], number>('SELECT COALESCE(SUM(thumbs_bytes), 0) FROM videos').pluck()
  const unrecordedThumbsStmt = db.prepare<[], string>('SELECT id FROM videos WHERE thumbs_bytes IS NULL').pluck()

  return {
    insert(asset: NewAsset): void {
      insertStmt.run(insertParams(asset))
    },
    /**
     * Inserts the asset unless its id or file path is taken (by another process that got
     * there first); false then, and nothing is written.
     */
    insertUnlessTaken(asset: NewAsset): boolean {
      try {
        insertStmt.run(insertParams(asset))
        return true
      } catch (error) {
        const code = (error as { code?: unknown }).code
        if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') return false
        throw error
      }
    },
    /** The asset holding exactly this content (same sampled id and SHA-256), if any. */
    sameContent(sampledId: string, fileHash: string): SampledMatch | undefined {
      return sameContentStmt.get(sampledId, fileHash, seedForm(fileHash))
    },
    /** An asset holding this content (`sha256:…`, found in either stored form) whatever its sampled id; the first by id. */
    byContentHash(fileHash: string): SampledMatch | undefined {
      return byContentHashStmt.get(fileHash, seedForm(fileHash))
    },
    bySampledId(sampledId: string): SampledMatch[] {
      return bySampledStmt.all(sampledId)
    },
    hasSampledId(sampledId: string): boolean {
      return hasSampledStmt.get(sampledId) !== undefined
    },
    ref(id: string): AssetRef | undefined {
      return refStmt.get(id)
    },
    byPath(filePath: string): AssetRef | undefined {
      return byPathStmt.get(filePath)
    },
    /** The asset at this file path when it holds this content (`sha256:…`); null otherwise. */
    idAtPathWithHash: (filePath: string, fileHash: string): string | null =>
      atPathWithHashStmt.get(filePath, fileHash, seedForm(fileHash)) ?? null,
    /** An asset holding this content (`sha256:…`); null when none does. */
    idWithHash: (fileHash: string): string | null => withHashStmt.get(fileHash, seedForm(fileHash)) ?? null,
    /** The newest asset imported from this original path (no index: for one-off look-ups such as the CLI's). */
    byOriginalPath(originalPath: string): AssetRef | undefined {
      return byOriginalPathStmt.get(originalPath)
    },
    /** Where an asset's file is and how it is stored: all serving it needs, without the wide row. */
    fileOf(id: string): AssetFile | undefined {
      return fileOfStmt.get(id)
    },
    get(id: string): MediaAsset | undefined {
      const row = getStmt.get(id)
      return row && toAsset(row)
    },
    /** Bytes of the assets copied into the library and of those linked where they are. */
    storageBytes(): { copied: number; linked: number } {
      const sums = { copied: 0, linked: 0 }
      for (const row of storageBytesStmt.all()) sums[row.storage === 'copy' ? 'copied' : 'linked'] = row.bytes
      return sums
    },
    setStatus(id: string, status: number, error: string | null): void {
      setStatusStmt.run(status, error, id)
    },
    /** Records the bytes of the asset's thumbnails as the thumbnailer left them. */
    setThumbsBytes(id: string, bytes: number): void {
      setThumbsBytesStmt.run(bytes, id)
    },
    /** Bytes of every asset's recorded thumbnails. */
    thumbsBytes(): number {
      return thumbsBytesStmt.get() ?? 0
    },
    /** Ids of the assets whose thumbnail bytes were never recorded (made before migration 0130). */
    unrecordedThumbs(): string[] {
      return unrecordedThumbsStmt.all()
    },
    /** Records measured thumbnail bytes, in one transaction, for the assets still unrecorded. */
    backfillThumbsBytes(entries: readonly { id: string; bytes: number }[]): void {
      db.transaction(() => {
        for (const { id, bytes } of entries) backfillThumbsBytesStmt.run(bytes, id)
      })()
    },
  }
}
export type MediaRepo = ReturnType<typeof createMediaRepo>

function insertParams(asset: NewAsset) {
  return { ...asset, metadata: JSON.stringify(asset.metadata), error: asset.error ?? null }
}

/** The asset a `videos` row describes. */
export function toAsset(row: VideoRow): MediaAsset {
  return {
    id: row.id,
    name: row.name,
    filePath: row.file_path,
    fileHash: readFileHash(row.file_hash),
    sizeBytes: row.size_bytes,
    durationSeconds: row.duration_seconds,
    resolution: row.resolution,
    aspectRatio: row.aspect_ratio,
    codec: row.codec,
    fps: row.fps,
    sourceType: row.source_type,
    createdAt: row.created_at,
    metadata: row.metadata ? (JSON.parse(row.metadata) as Record<string, unknown>) : null,
    mediaType: row.media_type,
    status: row.status,
    error: row.error,
    importedBy: row.imported_by,
    originalPath: row.original_path,
    importedAt: row.imported_at,
    storage: row.storage,
    rating: row.rating,
    notes: row.notes,
    health: row.health,
    verifiedAt: row.verified_at,
  }
}
