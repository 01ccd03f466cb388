import type { Database } from 'better-sqlite3'

/** Where a timeline stands: its row made, its frames under their keys, its facts all stored. */
export type TimelineStatus = 'created' | 'cached' | 'ready'

/** A `timelines` row; `config` is the frames config as JSON text. */
export interface TimelineRow {
  id: number
  videoId: string | null
  contentHash: string
  profile: string
  fps: number
  config: string
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

const COLUMNS = `id, video_id AS videoId, content_hash AS contentHash, profile, fps, config, status,
  frame_count AS frameCount, frame_bytes AS frameBytes, created_at AS createdAt`
const FRAME_COLUMNS = `sequence, chunk_id AS chunkId, timestamp, frame_key AS frameKey,
  perceptual_hash AS perceptualHash, hash_quality AS hashQuality, bytes`

/** Timelines and their frames' facts (migration 0320). */
export function createTimelinesRepo(db: Database) {
  const getStmt = db.prepare<[number], TimelineRow>(`SELECT ${COLUMNS} FROM timelines WHERE id = ?`)
  const findStmt = db.prepare<[string, string, number], TimelineRow>(
    `SELECT ${COLUMNS} FROM timelines WHERE content_hash = ? AND profile = ? AND fps = ?`,
  )
  const ofVideoStmt = db.prepare<[string], TimelineRow>(
    `SELECT ${COLUMNS} FROM timelines WHERE video_id = ? ORDER BY id`,
  )
  const insertStmt = db.prepare<Omit<TimelineRow, 'id' | 'status' | 'frameCount' | 'frameBytes'>>(
    `INSERT INTO timelines (video_id, content_hash, profile, fps, config, status, created_at)
     VALUES (@videoId, @contentHash, @profile, @fps, @config, 'created', @createdAt)`,
  )
  const statusStmt = db.prepare<[TimelineStatus, number, number, number]>(
    'UPDATE timelines SET status = ?, frame_count = ?, frame_bytes = ? WHERE id = ?',
  )
  const videoStmt = db.prepare<[string, number]>('UPDATE timelines SET video_id = ? WHERE id = ?')
  const clearFramesStmt = db.prepare<[number]>('DELETE FROM timeline_frames WHERE timeline_id = ?')
  const insertFrameStmt = db.prepare<TimelineFrameRow & { timelineId: number }>(
    `INSERT INTO timeline_frames (timeline_id, sequence, chunk_id, timestamp, frame_key, perceptual_hash, hash_quality, bytes)
     VALUES (@timelineId, @sequence, @chunkId, @timestamp, @frameKey, @perceptualHash, @hashQuality, @bytes)`,
  )
  const framesStmt = db.prepare<[number], TimelineFrameRow>(
    `SELECT ${FRAME_COLUMNS} FROM timeline_frames WHERE timeline_id = ? ORDER BY sequence`,
  )
  const framePageStmt = db.prepare<[number, number, number], TimelineFrameRow>(
    `SELECT ${FRAME_COLUMNS} FROM timeline_frames WHERE timeline_id = ? AND sequence >= ? ORDER BY sequence LIMIT ?`,
  )
  const deleteStmt = db.prepare<[number]>('DELETE FROM timelines WHERE id = ?')
  const unmadeStmt = db.prepare<[], TimelineRow>(`SELECT ${COLUMNS} FROM timelines WHERE status != 'ready' ORDER BY id`)
  const writeFrames = db.transaction((id: number, frames: TimelineFrameRow[], bytes: number) => {
    clearFramesStmt.run(id)
    for (const frame of frames) insertFrameStmt.run({ ...frame, timelineId: id })
    statusStmt.run('ready', frames.length, bytes, id)
  })
  return {
    get: (id: number): TimelineRow | undefined => getStmt.get(id),
    /** The timeline of this content, profile and fps, if there is one. */
    find: (contentHash: string, profile: string, fps: number): TimelineRow | undefined =>
      findStmt.get(contentHash, profile, fps),
    /** The timelines whose frames' facts were never all stored (a run stopped while it made them). */
    unmade: (): TimelineRow[] => unmadeStmt.all(),
    /** The timelines made from an asset, oldest first. */
    ofVideo: (videoId: string): TimelineRow[] => ofVideoStmt.all(videoId),
    insert: (row: Omit<TimelineRow, 'id' | 'status' | 'frameCount' | 'frameBytes'>): number =>
      Number(insertStmt.run(row).lastInsertRowid),
    /** Notes the frames are under their keys (`cached`) or starts over (`created`). */
    setStatus: (id: number, status: 'created' | 'cached', frameCount = 0, frameBytes = 0): void =>
      void statusStmt.run(status, frameCount, frameBytes, id),
    /** The asset a timeline now belongs to (the same content imported again after the first was deleted). */
    setVideo: (id: number, videoId: string): void => void videoStmt.run(videoId, id),
    /** Stores every frame's facts and makes the timeline ready, in one transaction. */
    writeFrames: (id: number, frames: TimelineFrameRow[]): void =>
      writeFrames(
        id,
        frames,
        frames.reduce((sum, frame) => sum + frame.bytes, 0),
      ),
    frames: (id: number): TimelineFrameRow[] => framesStmt.all(id),
    /** Up to `limit` frames from `fromSequence` on. */
    framePage: (id: number, fromSequence: number, limit: number): TimelineFrameRow[] =>
      framePageStmt.all(id, fromSequence, limit),
    delete: (id: number): boolean => deleteStmt.run(id).changes > 0,
  }
}
export type TimelinesRepo = ReturnType<typeof createTimelinesRepo>
