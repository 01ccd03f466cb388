import type { SqlEngine } from '../sql/sql-engine'

/** The words read on an asset's frames, and when each was first read (seconds into the asset). */
export interface ScreenWords {
  /** Distinct words, space-separated, in the order first read. */
  words: string
  firstSeen: Record<string, number>
}

/** The words read on an asset's frames, for its search text (a library's migrations 0360 and 0410, a hub's 0160). */
export function createScreenTextRepo(sql: SqlEngine) {
  return {
    /** The asset's words and their times, or undefined when none were read. */
    async get(videoId: string): Promise<ScreenWords | undefined> {
      const row = await sql.get<{ words: string; firstSeen: string | null }>(
        'SELECT words, first_seen AS "firstSeen" FROM asset_screen_text WHERE video_id = ?',
        [videoId],
      )
      return row && { words: row.words, firstSeen: row.firstSeen === null ? {} : JSON.parse(row.firstSeen) }
    },
    put: async (videoId: string, { words, firstSeen }: ScreenWords, at: string): Promise<void> =>
      void (await sql.run(
        `INSERT INTO asset_screen_text (video_id, words, first_seen, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (video_id) DO UPDATE SET words = excluded.words, first_seen = excluded.first_seen,
           updated_at = excluded.updated_at`,
        [videoId, words, JSON.stringify(firstSeen), at],
      )),
  }
}
