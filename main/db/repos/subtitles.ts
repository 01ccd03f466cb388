import type { NewSubtitleTrack, SubtitleCue, SubtitleTrack } from '../../../shared/contract'
import type { SqlEngine } from '../sql/sql-engine'

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

/** The subtitle tracks of assets and their cues (a library's migration 0440, a hub's 0160), on either engine. */
export function createSubtitlesRepo(sql: SqlEngine) {
  return {
    /** Replaces an asset's tracks with these, in this order (call inside the caller's transaction). */
    async replace(videoId: string, tracks: readonly NewSubtitleTrack[], at: string): Promise<void> {
      await sql.run('DELETE FROM subtitle_tracks WHERE video_id = ?', [videoId])
      for (const [position, track] of tracks.entries()) {
        await sql.run(
          `INSERT INTO subtitle_tracks
             (video_id, position, source, stream_index, file_name, codec, language, title, cues, problem, read_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            videoId,
            position,
            track.source,
            track.streamIndex,
            track.fileName,
            track.codec,
            track.language,
            track.title,
            JSON.stringify(track.cues.map((cue): StoredCue => [cue.start, cue.end, cue.text])),
            track.problem,
            at,
          ],
        )
      }
    },
    /** An asset's tracks in order, with their cues. */
    list: async (videoId: string): Promise<SubtitleTrack[]> =>
      (
        await sql.all<TrackRow>(
          `SELECT id, source, stream_index AS "streamIndex", file_name AS "fileName", codec, language, title, cues,
             problem
           FROM subtitle_tracks WHERE video_id = ? ORDER BY position`,
          [videoId],
        )
      ).map((row) => ({ ...row, cues: storedCues(row.cues) })),
  }
}
export type SubtitlesRepo = ReturnType<typeof createSubtitlesRepo>

/** Cues as `subtitle_tracks.cues` holds them, as the contract gives them. */
export function storedCues(json: string): SubtitleCue[] {
  return (JSON.parse(json) as StoredCue[]).map(([start, end, text]) => ({ start, end, text }))
}
