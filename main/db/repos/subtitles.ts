import type { Database } from 'better-sqlite3'
import type { NewSubtitleTrack, SubtitleCue, SubtitleTrack } from '../../../shared/contract'

interface TrackRow {
  id: number
  source: 'stream' | 'sidecar'
  streamIndex: number | null
  fileName: string | null
  codec: string | null
  language: string | null
  title: string | null
  cues: string
  problem: string | null
}

/** Cues as stored: `[start, end, text]`, in a JSON array. */
type StoredCue = [number, number, string]

/** The subtitle tracks of assets and their cues (migration 0440). */
export function createSubtitlesRepo(db: Database) {
  const removeStmt = db.prepare<[string]>('DELETE FROM subtitle_tracks WHERE video_id = ?')
  const insertStmt = db.prepare(
    `INSERT INTO subtitle_tracks
       (video_id, position, source, stream_index, file_name, codec, language, title, cues, problem, read_at)
     VALUES (@videoId, @position, @source, @streamIndex, @fileName, @codec, @language, @title, @cues, @problem, @at)`,
  )
  const listStmt = db.prepare<[string], TrackRow>(
    `SELECT id, source, stream_index AS streamIndex, file_name AS fileName, codec, language, title, cues, problem
     FROM subtitle_tracks WHERE video_id = ? ORDER BY position`,
  )
  return {
    /** Replaces an asset's tracks with these, in this order (call inside the caller's transaction). */
    replace(videoId: string, tracks: readonly NewSubtitleTrack[], at: string): void {
      removeStmt.run(videoId)
      tracks.forEach((track, position) =>
        insertStmt.run({
          videoId,
          position,
          source: track.source,
          streamIndex: track.streamIndex,
          fileName: track.fileName,
          codec: track.codec,
          language: track.language,
          title: track.title,
          cues: JSON.stringify(track.cues.map((cue): StoredCue => [cue.start, cue.end, cue.text])),
          problem: track.problem,
          at,
        }),
      )
    },
    /** An asset's tracks in order, with their cues. */
    list: (videoId: string): SubtitleTrack[] =>
      listStmt.all(videoId).map((row) => ({ ...row, cues: storedCues(row.cues) })),
  }
}
export type SubtitlesRepo = ReturnType<typeof createSubtitlesRepo>

/** Cues as `subtitle_tracks.cues` holds them, as the contract gives them. */
export function storedCues(json: string): SubtitleCue[] {
  return (JSON.parse(json) as StoredCue[]).map(([start, end, text]) => ({ start, end, text }))
}
