import type { AssetRef, MediaAsset, MediaType } from '../../../shared/contract'
import { UniqueViolation, type SqlDialect, type SqlEngine, type SqlValue } from '../sql/sql-engine'
import { jsonValues } from '../sql/dialect'
import { fileHashSql, readFileHash, seedForm } from './file-hash'

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

/** Where an asset's file is, and whether it is flagged missing (so one who finds it again can clear the flag). */
export interface StoredFile extends AssetFile {
  flaggedMissing: boolean
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

const matchColumns = (dialect: SqlDialect) =>
  `id, name, file_path AS "filePath", ${fileHashSql('file_hash', dialect)} AS "fileHash"`

/**
 * The asset holding a content (`sha256:…` in either stored form, by idx_videos_hash; a row the seed wrote has no
 * sampled id): the one under the sampled id given first, else the first by id; failing any, the asset holding the id
 * given (other content), flagged so. One statement a new file's import asks (issue 63). Its values: both forms twice,
 * the id, the sampled id.
 */
export const contentMatchSql = (dialect: SqlDialect) =>
  `SELECT ${matchColumns(dialect)}, CASE WHEN file_hash IN (?, ?) THEN 1 ELSE 0 END AS "sameContent" FROM videos
   WHERE file_hash IN (?, ?) OR id = ?
   ORDER BY "sameContent" DESC, CASE WHEN sampled_id = ? THEN 0 ELSE 1 END, id LIMIT 1`

/** What a content's import finds: the asset holding the content, or else whether the id it would take is held. */
export type ContentMatch = { match: SampledMatch } | { match: null; idHeld: boolean }

const REF = 'SELECT id, name, file_path AS "filePath" FROM videos'

const INTO = `INSERT INTO videos (id, name, file_path, file_hash, size_bytes, duration_seconds, resolution,
    aspect_ratio, codec, fps, source_type, created_at, metadata, media_type, status, imported_by, original_path,
    imported_at, sampled_id, storage, object_key, error)`
const ROW = '?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?'
const INSERT = `${INTO} VALUES (${ROW}) ON CONFLICT DO NOTHING`
// The same, unless the content is stored under its sampled id already: the check and the write in one statement (an
// import's outcome, issue 63; the WHERE also keeps SQLite from reading ON CONFLICT as a join's).
const INSERT_UNLESS_HELD = `${INTO} SELECT ${ROW}
  WHERE NOT EXISTS (SELECT 1 FROM videos WHERE sampled_id = ? AND file_hash IN (?, ?)) ON CONFLICT DO NOTHING`

/** Reads and writes assets in the `videos` table, on either engine. */
export function createMediaRepo(sql: SqlEngine) {
  const MATCH = matchColumns(sql.dialect)
  const hashForms = (fileHash: string) => [fileHash, seedForm(fileHash)]
  const column = async <T>(statement: string, params: SqlValue[]): Promise<T | undefined> =>
    (await sql.get<{ value: T }>(statement, params))?.value

  return {
    /** Inserts a new asset; throws when its id or file path is taken. */
    async insert(asset: NewAsset): Promise<void> {
      if ((await sql.run(INSERT, insertParams(asset))).changes === 0) {
        throw new UniqueViolation(new Error(`Asset ${asset.id} or its path ${asset.filePath} is taken.`))
      }
    },
    /**
     * Inserts the asset unless its content is stored under its sampled id already, or its id, file path or object
     * key is taken (by another process that got there first); false then, and nothing is written (sameContent tells
     * which). Never aborts the transaction it runs in.
     */
    insertUnlessTaken: async (asset: NewAsset): Promise<boolean> =>
      (await sql.run(INSERT_UNLESS_HELD, [...insertParams(asset), asset.sampledId, ...hashForms(asset.fileHash)]))
        .changes > 0,
    /** The asset holding exactly this content (same sampled id and SHA-256), if any. */
    sameContent: (sampledId: string, fileHash: string): Promise<SampledMatch | undefined> =>
      sql.get(`SELECT ${MATCH} FROM videos WHERE sampled_id = ? AND file_hash IN (?, ?) LIMIT 1`, [
        sampledId,
        ...hashForms(fileHash),
      ]),
    /**
     * The asset holding this content, the one under this sampled id first; failing any, whether an asset holds the
     * sampled id as its id (contentMatchSql): one statement a file.
     */
    async contentMatch(sampledId: string, fileHash: string): Promise<ContentMatch> {
      const forms = hashForms(fileHash)
      const found = await sql.get<SampledMatch & { sameContent: number }>(contentMatchSql(sql.dialect), [
        ...forms,
        ...forms,
        sampledId,
        sampledId,
      ])
      if (!found) return { match: null, idHeld: false }
      const { sameContent, ...match } = found
      return sameContent ? { match } : { match: null, idHeld: true }
    },
    bySampledId: (sampledId: string): Promise<SampledMatch[]> =>
      sql.all(`SELECT ${MATCH} FROM videos WHERE sampled_id = ? ORDER BY id`, [sampledId]),
    hasSampledId: async (sampledId: string): Promise<boolean> =>
      (await sql.get('SELECT 1 AS value FROM videos WHERE sampled_id = ? LIMIT 1', [sampledId])) !== undefined,
    ref: (id: string): Promise<AssetRef | undefined> => sql.get(`${REF} WHERE id = ?`, [id]),
    byPath: (filePath: string): Promise<AssetRef | undefined> => sql.get(`${REF} WHERE file_path = ?`, [filePath]),
    /** The asset at this file path when it holds this content (`sha256:…`); null otherwise. */
    idAtPathWithHash: async (filePath: string, fileHash: string): Promise<string | null> =>
      (await column<string>('SELECT id AS value FROM videos WHERE file_path = ? AND file_hash IN (?, ?)', [
        filePath,
        ...hashForms(fileHash),
      ])) ?? null,
    /** The asset holding each of these contents (`sha256:…`, in either stored form; the first by id), by content. */
    async idsWithHashes(hashes: readonly string[]): Promise<Map<string, string>> {
      const rows = await sql.all<{ id: string; hash: string }>(
        `SELECT id, ${fileHashSql('file_hash', sql.dialect)} AS hash FROM videos
         WHERE file_hash IN (SELECT value FROM ${jsonValues(sql.dialect)}) ORDER BY id`,
        [JSON.stringify(hashes.flatMap(hashForms))],
      )
      const found = new Map<string, string>()
      for (const { id, hash } of rows) if (!found.has(hash)) found.set(hash, id)
      return found
    },
    /** An asset holding this content (`sha256:…`); null when none does. */
    idWithHash: async (fileHash: string): Promise<string | null> =>
      (await column<string>('SELECT id AS value FROM videos WHERE file_hash IN (?, ?) LIMIT 1', hashForms(fileHash))) ??
      null,
    /** The newest asset imported from this original path (no index: for one-off look-ups such as the CLI's). */
    byOriginalPath: (originalPath: string): Promise<AssetRef | undefined> =>
      sql.get(`${REF} WHERE original_path = ? ORDER BY imported_at DESC LIMIT 1`, [originalPath]),
    /** Where an asset's file is and how it is stored: all serving it needs, without the wide row. */
    async fileOf(id: string): Promise<StoredFile | undefined> {
      const row = await sql.get<AssetFile & { missing: number }>(
        `SELECT file_path AS "filePath", storage, object_key AS "objectKey",
           CASE WHEN health = 'missing' THEN 1 ELSE 0 END AS "missing" FROM videos WHERE id = ?`,
        [id],
      )
      if (!row) return undefined
      const { missing, ...file } = row
      return { ...file, flaggedMissing: missing === 1 }
    },
    /** Where each of these assets' files is, by id (an unknown id is left out), in one statement. */
    async filesOf(ids: readonly string[]): Promise<Map<string, AssetFile>> {
      const rows = await sql.all<AssetFile & { id: string }>(
        `SELECT id, file_path AS "filePath", storage, object_key AS "objectKey" FROM videos
         WHERE id IN (SELECT value FROM ${jsonValues(sql.dialect)})`,
        [JSON.stringify(ids)],
      )
      return new Map(rows.map(({ id, ...file }) => [id, file]))
    },
    async get(id: string): Promise<MediaAsset | undefined> {
      const row = await sql.get<VideoRow>(`SELECT ${VIDEO_COLUMNS} FROM videos WHERE id = ?`, [id])
      return row && toAsset(row)
    },
    /** Bytes of the assets copied into the library and of those linked where they are. */
    async storageBytes(): Promise<{ copied: number; linked: number }> {
      const sums = { copied: 0, linked: 0 }
      // Answered from the videos_storage_size index alone (covering), not from the wide rows.
      const rows = await sql.all<{ storage: 'copy' | 'link'; bytes: number }>(
        'SELECT storage, CAST(COALESCE(SUM(size_bytes), 0) AS bigint) AS bytes FROM videos GROUP BY storage',
      )
      for (const row of rows) sums[row.storage === 'copy' ? 'copied' : 'linked'] = row.bytes
      return sums
    },
    setStatus: async (id: string, status: number, error: string | null): Promise<void> =>
      void (await sql.run('UPDATE videos SET status = ?, error = ? WHERE id = ?', [status, error, id])),
    /** Records the bytes of the asset's thumbnails as the thumbnailer left them. */
    setThumbsBytes: async (id: string, bytes: number): Promise<void> =>
      void (await sql.run(`UPDATE videos SET thumbs_bytes = ? WHERE id = ?`, [bytes, id])),
    /** Bytes of every asset's recorded thumbnails (the sum reads the videos_thumbs_bytes index alone). */
    thumbsBytes: async (): Promise<number> =>
      (await column<number>('SELECT CAST(COALESCE(SUM(thumbs_bytes), 0) AS bigint) AS value FROM videos', [])) ?? 0,
    /** Ids of the assets whose thumbnail bytes were never recorded (made before migration 0130). */
    unrecordedThumbs: async (): Promise<string[]> =>
      (await sql.all<{ id: string }>('SELECT id FROM videos WHERE thumbs_bytes IS NULL ORDER BY id')).map(
        (row) => row.id,
      ),
    /** Records measured thumbnail bytes, in one transaction, for the assets still unrecorded. */
    backfillThumbsBytes: (entries: readonly { id: string; bytes: number }[]): Promise<void> =>
      sql.transaction(async (tx) => {
        // Only where still unrecorded: a thumbnailer that recorded meanwhile measured newer files.
        for (const { id, bytes } of entries) {
          await tx.run(`UPDATE videos SET thumbs_bytes = ? WHERE id = ? AND thumbs_bytes IS NULL`, [bytes, id])
        }
      }),
  }
}
export type MediaRepo = ReturnType<typeof createMediaRepo>

function insertParams(asset: NewAsset): SqlValue[] {
  return [
    asset.id,
    asset.name,
    asset.filePath,
    asset.fileHash,
    asset.sizeBytes,
    asset.durationSeconds,
    asset.resolution,
    asset.aspectRatio,
    asset.codec,
    asset.fps,
    asset.sourceType,
    asset.createdAt,
    JSON.stringify(asset.metadata),
    asset.mediaType,
    asset.importedBy,
    asset.originalPath,
    asset.importedAt,
    asset.sampledId,
    asset.storage,
    asset.objectKey,
    asset.error ?? null,
  ]
}

// The columns `toAsset` reads (a hub's rows have more).
const VIDEO_COLUMNS = `id, name, file_path, file_hash, size_bytes, duration_seconds, resolution, aspect_ratio, codec,
  fps, source_type, created_at, metadata, media_type, status, error, imported_by, original_path, imported_at,
  sampled_id, storage, rating, notes, health, verified_at, object_key`

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
