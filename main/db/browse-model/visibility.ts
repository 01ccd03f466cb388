import type { BrowseFilter } from './filters'

/**
 * The caller's visibility as a page and a facet count read it (issue 60 point 3): for a person limited to shared
 * collections, only the members of `visibleIn` (a JSON array of collection ids, those shared with them). Set from the
 * request's caller (services/visibility/), never from a filter a client sends; both page builders test it as one of
 * FILTERS, and both facet readers' counts keep the members of those collections alone (facet-selection.ts).
 */
export const VISIBILITY_SCOPE = {
  name: 'visibleIn',
  kind: 'test',
  sql: {
    sqlite: `EXISTS (SELECT 1 FROM collection_items vi WHERE vi.video_id = v.id
      AND vi.collection_id IN (SELECT value FROM json_each(?)))`,
    postgres: `EXISTS (SELECT 1 FROM collection_items vi WHERE vi.video_id = v.id
      AND vi.collection_id IN (SELECT CAST(value AS bigint) FROM jsonb_array_elements_text(CAST(? AS jsonb))))`,
  },
} as const satisfies BrowseFilter
