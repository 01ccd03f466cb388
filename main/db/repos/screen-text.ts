import type { Database } from 'better-sqlite3'

/** The words read on an asset's frames, for its search text (migration 0360). */
export function createScreenTextRepo(db: Database) {
  const getStmt = db.prepare<[string], string>('SELECT words FROM asset_screen_text WHERE video_id = ?').pluck()
  const putStmt = db.prepare<[string, string, string]>(
    `INSERT INTO asset_screen_text (video_id, words, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (video_id) DO UPDATE SET words = excluded.words, updated_at = excluded.updated_at`,
  )
  return {
    /** The asset's words, space-separated, or undefined when none were read. */
    get: (videoId: string): string | undefined => getStmt.get(videoId),
    put: (videoId: string, words: string, at: string): void => void putStmt.run(videoId, words, at),
  }
}
