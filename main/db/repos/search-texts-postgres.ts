import type { SqlEngine } from '../sql/sql-engine'
import type { SearchTexts } from './media-match'
import { storedCues } from './subtitles'

/**
 * The searched texts of these assets, field by field as a library's videos_fts holds them (SEARCH_FIELDS order).
 * Their tracks' cues are read once: the subtitles field is their texts, one per line; the comment field is the words
 * of their comments that are not deleted, one per line.
 */
export async function searchTextsPostgres(sql: SqlEngine, ids: readonly string[]): Promise<Map<string, SearchTexts>> {
  const rows = await sql.all<{
    id: string
    firstSeen: string | null
    texts: string[]
    cues: string[]
    comments: string
  }>(
    `SELECT v.id, s.first_seen AS "firstSeen",
       ARRAY[v.name, coalesce(v.original_path, ''),
         coalesce((SELECT string_agg(t.name, ' ') FROM asset_tags a JOIN tags t ON t.id = a.tag_id
                   WHERE a.asset_id = v.id), ''),
         coalesce(v.notes, ''), coalesce(g.prompt, ''), coalesce(s.words, '')
       ] AS texts,
       ARRAY(SELECT st.cues FROM subtitle_tracks st WHERE st.video_id = v.id ORDER BY st.position) AS cues,
       coalesce((SELECT string_agg(c.body, E'\\n' ORDER BY c.id) FROM comments c
                 WHERE c.asset_id = v.id AND c.deleted_at IS NULL), '') AS comments
     FROM videos v
     LEFT JOIN video_generation g ON g.video_id = v.id
     LEFT JOIN asset_screen_text s ON s.video_id = v.id
     WHERE v.id IN (SELECT value FROM jsonb_array_elements_text(CAST(? AS jsonb)) AS value)`,
    [JSON.stringify(ids)],
  )
  return new Map(
    rows.map((row) => {
      const cues = row.cues.flatMap(storedCues)
      return [
        row.id,
        {
          texts: [...row.texts, cues.map((cue) => cue.text).join('\n'), row.comments],
          screenTimes: row.firstSeen ? (JSON.parse(row.firstSeen) as Record<string, number>) : {},
          subtitleCues: () => cues,
        },
      ]
    }),
  )
}
