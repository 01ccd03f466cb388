import type { SqlEngine, SqlValue } from '../sql/sql-engine'
import { rowBatches } from '../sql/row-batches'
import { valuesRows } from '../sql/values-rows'

/** Where a timeline stands: its row made, its frames under their keys, its facts all stored. */
export type TimelineStatus = 'created' | 'cached' | 'ready'

/** A `timelines` row; `config` is the frames config it was sampled with. */
export interface TimelineRow {
  id: number
  videoId: string | null
  contentHash: string
  profile: string
  fps: number
  config: object
  status: TimelineStatus
  frameCount: number
  frameBytes: number
  createdAt: string
}

/** One frame's facts: `perceptualHash` is the PDQ hash as hex. */
export interface TimelineFrameRow {
  sequence: number
  chunkId: number
  timestamp: number
  frameKey: string
  perceptualHash: string
  hashQuality: number
  bytes: number
}

// `config` is JSON: text in a library, jsonb on a hub; read as text on both and parsed here.
const COLUMNS = `id, video_id AS "videoId", content_hash AS "contentHash", profile, fps, CAST(config AS text) AS config,
  status, frame_count AS "frameCount", frame_bytes AS "frameBytes", created_at AS "createdAt"`
const FRAME_COLUMNS = `sequence, chunk_id AS "chunkId", "timestamp", frame_key AS "frameKey",
  perceptual_hash AS "perceptualHash", hash_quality AS "hashQuality", bytes`

type StoredTimeline = Omit<TimelineRow, 'config'> & { config: string }
const asRow = (stored: StoredTimeline): TimelineRow => ({ ...stored, config: JSON.parse(stored.config) })

/** Inserts frames' facts of timeline `id`, in batches; `conflict` an ON CONFLICT clause, if any. */
async function insertFrames(sql: SqlEngine, id: number, frames: readonly TimelineFrameRow[], conflict = '') {
  for (const batch of rowBatches(frames)) {
    const { values, params } = valuesRows(
      batch.map((f) => [id, f.sequence, f.chunkId, f.timestamp, f.frameKey, f.perceptualHash, f.hashQuality, f.bytes]),
    )
    await sql.run(
      `INSERT INTO timeline_frames (timeline_id, sequence, chunk_id, "timestamp", frame_key, perceptual_hash,
         hash_quality, bytes) VALUES ${values} ${conflict}`,
      params,
    )
  }
}

/** Timelines and their frames' facts (a library's migration 0320, a hub's 0080), on either engine. */
export function createTimelinesRepo(sql: SqlEngine) {
  const select = (where: string) => `SELECT ${COLUMNS} FROM timelines WHERE ${where}`
  const one = async (where: string, params: SqlValue[]) => {
    const stored = await sql.get<StoredTimeline>(select(where), params)
    return stored && asRow(stored)
  }
  const STATUS = 'UPDATE timelines SET status = ?, frame_count = ?, frame_bytes = ? WHERE id = ?'
  return {
    get: (id: number): Promise<TimelineRow | undefined> => one('id = ?', [id]),
    /** The timeline of this content, profile and fps, if there is one. */
    find: (contentHash: string, profile: string, fps: number): Promise<TimelineRow | undefined> =>
      one('content_hash = ? AND profile = ? AND fps = ?', [contentHash, profile, fps]),
    /** Deletes the timelines whose frames' facts were never all stored (a run stopped while it made them). */
    deleteUnmade: async (): Promise<TimelineRow[]> =>
      (await sql.all<StoredTimeline>(`DELETE FROM timelines WHERE status != 'ready' RETURNING ${COLUMNS}`)).map(asRow),
    /** The timelines made from an asset, oldest first. */
    ofVideo: async (videoId: string): Promise<TimelineRow[]> =>
      (await sql.all<StoredTimeline>(select('video_id = ? ORDER BY id'), [videoId])).map(asRow),
    async insert(row: Omit<TimelineRow, 'id' | 'status' | 'frameCount' | 'frameBytes'>): Promise<number> {
      const created = await sql.get<{ id: number }>(
        `INSERT INTO timelines (video_id, content_hash, profile, fps, config, status, created_at)
         VALUES (?, ?, ?, ?, ?, 'created', ?) RETURNING id`,
        [row.videoId, row.contentHash, row.profile, row.fps, JSON.stringify(row.config), row.createdAt],
      )
      return created!.id
    },
    /** Notes the frames are under their keys (`cached`) or starts over (`created`). */
    setStatus: async (id: number, status: 'created' | 'cached', frameCount = 0, frameBytes = 0): Promise<void> =>
      void (await sql.run(STATUS, [status, frameCount, frameBytes, id])),
    /** The asset a timeline now belongs to (the same content imported again after the first was deleted). */
    setVideo: async (id: number, videoId: string): Promise<void> =>
      void (await sql.run('UPDATE timelines SET video_id = ? WHERE id = ?', [videoId, id])),
    /** Stores every frame's facts and makes the timeline ready, in one transaction. */
    writeFrames: (id: number, frames: readonly TimelineFrameRow[]): Promise<void> =>
      sql.transaction(async (tx) => {
        await tx.run('DELETE FROM timeline_frames WHERE timeline_id = ?', [id])
        await insertFrames(tx, id, frames)
        const bytes = frames.reduce((sum, frame) => sum + frame.bytes, 0)
        await tx.run(STATUS, ['ready', frames.length, bytes, id])
      }),
    /** Adds frames' facts to a timeline being made (a frame stored already stays as it is). */
    addFrames: (id: number, frames: readonly TimelineFrameRow[]): Promise<void> =>
      sql.transaction((tx) => insertFrames(tx, id, frames, 'ON CONFLICT (timeline_id, sequence) DO NOTHING')),
    /** Makes a timeline ready with the frames its facts hold, counted. */
    finishFrames: async (id: number): Promise<void> =>
      void (await sql.run(
        `UPDATE timelines SET status = 'ready',
           frame_count = (SELECT count(*) FROM timeline_frames WHERE timeline_id = ?),
           frame_bytes = (SELECT coalesce(sum(bytes), 0) FROM timeline_frames WHERE timeline_id = ?)
         WHERE id = ?`,
        [id, id, id],
      )),
    frames: (id: number): Promise<TimelineFrameRow[]> =>
      sql.all(`SELECT ${FRAME_COLUMNS} FROM timeline_frames WHERE timeline_id = ? ORDER BY sequence`, [id]),
    /** Up to `limit` frames from `fromSequence` on. */
    framePage: (id: number, fromSequence: number, limit: number): Promise<TimelineFrameRow[]> =>
      sql.all(
        `SELECT ${FRAME_COLUMNS} FROM timeline_frames WHERE timeline_id = ? AND sequence >= ?
         ORDER BY sequence LIMIT ?`,
        [id, fromSequence, limit],
      ),
    delete: async (id: number): Promise<boolean> =>
      (await sql.run('DELETE FROM timelines WHERE id = ?', [id])).changes > 0,
  }
}
export type TimelinesRepo = ReturnType<typeof createTimelinesRepo>
