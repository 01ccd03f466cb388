import type { SqlEngine } from '../../db/sql/sql-engine'
import type { SearchTexts } from '../../db/repos/media-match'
import { createPostgresPages } from '../../db/repos/media-page-postgres'
import { createWordShares } from '../../db/repos/word-shares-postgres'
import { createStacksRepo } from '../../db/repos/stacks'
import { storedCues } from '../../db/repos/subtitles'
import { createHubFacetIndex } from '../facet-index/hub-facet-index'
import type { BrowsedPage, MediaBrowse, PageAsk } from './media-browse'

/**
 * A hub's pages, each read in one snapshot of its PostgreSQL catalogue, and its facet counts from its facet index in
 * memory (hub-facet-index.ts).
 */
export function postgresBrowse(sql: SqlEngine): MediaBrowse {
  const facetIndex = createHubFacetIndex(sql)
  const shares = createWordShares()
  const rowsOf = (on: SqlEngine, { params, by, desc, after, limit }: PageAsk) =>
    createPostgresPages(on, shares).page(params, by, desc, after, limit)
  return {
    facets: (params, filter) => facetIndex.facets(params, filter),
    warm: () => facetIndex.warm(),
    // A page without words or stacks is one statement, a snapshot of its own: no transaction's two round trips.
    page: async (ask, textsFor) =>
      ask.params.query === null && ask.params.collapseStacks === null
        ? { rows: await rowsOf(sql, ask), stackSizes: new Map(), texts: new Map() }
        : sql.transaction(
            async (tx): Promise<BrowsedPage> => {
              const rows = await rowsOf(tx, ask)
              const heads = ask.params.collapseStacks === null ? [] : rows.map((row) => row.asset.id)
              const wanted = textsFor(rows)
              return {
                rows,
                stackSizes: await createStacksRepo(tx).sizes(heads),
                texts: wanted.length === 0 ? new Map<string, SearchTexts>() : await searchTexts(tx, wanted),
              }
            },
            { readOnly: true },
          ),
  }
}

/**
 * The searched texts of these assets, field by field as a library's videos_fts holds them (SEARCH_FIELDS order).
 * Their tracks' cues are read once: the subtitles field is their texts, one per line.
 */
async function searchTexts(sql: SqlEngine, ids: readonly string[]): Promise<Map<string, SearchTexts>> {
  const rows = await sql.all<{ id: string; firstSeen: string | null; texts: string[]; cues: string[] }>(
    `SELECT v.id, s.first_seen AS "firstSeen",
       ARRAY[v.name, coalesce(v.original_path, ''),
         coalesce((SELECT string_agg(t.name, ' ') FROM asset_tags a JOIN tags t ON t.id = a.tag_id
                   WHERE a.asset_id = v.id), ''),
         coalesce(v.notes, ''), coalesce(g.prompt, ''), coalesce(s.words, '')
       ] AS texts,
       ARRAY(SELECT st.cues FROM subtitle_tracks st WHERE st.video_id = v.id ORDER BY st.position) AS cues
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
          texts: [...row.texts, cues.map((cue) => cue.text).join('\n')],
          screenTimes: row.firstSeen ? (JSON.parse(row.firstSeen) as Record<string, number>) : {},
          subtitleCues: () => cues,
        },
      ]
    }),
  )
}
