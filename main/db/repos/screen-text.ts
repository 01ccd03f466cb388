import type { Database } from 'better-sqlite3'

/** The words read on an asset's frames, and when each was first read (seconds into the asset). */
export interface ScreenWords {
  /** Distinct words, space-separated, in the order first read. */
  words: string
  firstSeen: Record<string, number>
}

/** The words read on an asset's frames, for its search text (migrations 0360, 0410). */
export function createScreenTextRepo(db: Database) {
  const getStmt = db.prepare<[string], { words: string; firstSeen: string | null }>(
    'SELECT words, first_seen AS firstSeen FROM asset_screen_text WHERE video_id = ?',
  )
  const putStmt = db.prepare<[string, string, string, string]>(
    `INSERT INTO asset_screen_text (video_id, words, first_seen, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (video_id) DO UPDATE SET words = excluded.words, first_seen = excluded.first_seen,
       updated_at = excluded.updated_at`,
  )
  return {
    /** The asset's words and their times, or undefined when none were read. */
    get(videoId: string): ScreenWords | undefined {
      const row = getStmt.get(videoId)
      return row && { words: row.words, firstSeen: row.firstSeen === null ? {} : JSON.parse(row.firstSeen) }
    },
    put: (videoId: string, { words, firstSeen }: ScreenWords, at: string): void =>
      void putStmt.run(videoId, words, JSON.stringify(firstSeen), at),
  }
}
