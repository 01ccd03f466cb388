import type { Database } from 'better-sqlite3'
import type { SearchMatch, SubtitleCue } from '../../../shared/contract'
import { storedCues } from './subtitles'

/** videos_fts's columns in table order (migrations 0360, 0440, 0790), by the name a match reason gives them. */
export const SEARCH_FIELDS: SearchMatch['field'][] = [
  'name',
  'path',
  'tags',
  'notes',
  'prompt',
  'screen',
  'subtitles',
  'comment',
]

/** An asset's searched texts, field by field (SEARCH_FIELDS order), and when each word on screen was first read. */
export interface SearchTexts {
  texts: string[]
  /** Seconds into the asset, by word as read (migration 0410); empty when no times are known. */
  screenTimes: Record<string, number>
  /** Every subtitle cue of the asset, track after track (migration 0440); read when asked (a film has thousands). */
  subtitleCues(): SubtitleCue[]
}

/** The searched texts of these assets, read by their full-text rowids. */
export function createSearchTextReader(db: Database): (assetIds: readonly string[]) => Map<string, SearchTexts> {
  const stmt = db
    .prepare<[string], (string | null)[]>(
      `SELECT k.asset_id, s.first_seen, f.name, f.original_path, f.tags, f.notes, f.prompt, f.screen_text, f.subtitles,
         coalesce(f.comments, '')
       FROM json_each(?) j JOIN videos_fts_keys k ON k.asset_id = j.value JOIN videos_fts f ON f.rowid = k.fts_rowid
       LEFT JOIN asset_screen_text s ON s.video_id = k.asset_id`,
    )
    .raw()
  // Read only for an asset whose subtitles hold a hit: a film's cues are tens of kilobytes.
  const cuesStmt = db
    .prepare<[string], string>('SELECT cues FROM subtitle_tracks WHERE video_id = ? ORDER BY position')
    .pluck()
  return (assetIds) =>
    new Map(
      stmt.all(JSON.stringify(assetIds)).map(([id, times, ...texts]) => [
        id!,
        {
          texts: texts.map(String),
          screenTimes: times ? (JSON.parse(times) as Record<string, number>) : {},
          subtitleCues: () => cuesStmt.all(id!).flatMap(storedCues),
        },
      ]),
    )
}
