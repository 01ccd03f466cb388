import type { Database } from 'better-sqlite3'
import type { SearchMatch } from '../../../shared/contract'

/** videos_fts's columns in table order (migration 0360), by the name a match reason gives them. */
export const SEARCH_FIELDS: SearchMatch['field'][] = ['name', 'path', 'tags', 'notes', 'prompt', 'screen']

/** The searched texts of these assets, field by field (SEARCH_FIELDS order), read by their full-text rowids. */
export function createSearchTextReader(db: Database): (assetIds: readonly string[]) => Map<string, string[]> {
  const stmt = db
    .prepare<[string], string[]>(
      `SELECT k.asset_id, f.name, f.original_path, f.tags, f.notes, f.prompt, f.screen_text
       FROM json_each(?) j JOIN videos_fts_keys k ON k.asset_id = j.value JOIN videos_fts f ON f.rowid = k.fts_rowid`,
    )
    .raw()
  return (assetIds) => new Map(stmt.all(JSON.stringify(assetIds)).map(([id, ...texts]) => [id!, texts.map(String)]))
}
