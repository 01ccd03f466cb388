import { z } from 'zod'
import { BaseVersion } from './edit-versions'
import { MediaFilter, MediaSort, SearchQuery } from './media-query'
import { nameText } from './name-text'

const SearchId = z.number().int().positive()
/** A saved search's name: trimmed, 1–100 characters, unique in any case. */
export const SearchName = nameText('A saved search name', 100)

/** A named filter state of the library view: its words, filters and sort. */
export const SavedSearch = z.object({
  id: SearchId,
  name: z.string(),
  query: z.string(),
  filter: MediaFilter,
  sort: MediaSort.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The name's version: a rename names it as its `baseVersion` (issue 64). */
  version: z.number().int().nonnegative(),
  /** The caller's own ("Only me"), seen by them alone; false for the team's. */
  private: z.boolean(),
})
export type SavedSearch = z.infer<typeof SavedSearch>

export const savedSearchChannels = {
  /** The team's saved searches and the caller's own, by name. */
  'searches:list': { input: z.object({}).strict(), output: z.object({ searches: z.array(SavedSearch) }) },
  /**
   * Saves the library view's state under a name, the caller's own (`private`, "Only me": the default, and the only
   * choice, for viewers and commenters) or the team's; a name taken (in any case) among those is a conflict unless
   * `replace`, which gives that saved search the new state.
   */
  'searches:save': {
    input: z
      .object({
        name: SearchName,
        query: SearchQuery.default(''),
        filter: MediaFilter.default({}),
        sort: MediaSort.optional(),
        replace: z.boolean().default(false),
        private: z.boolean().optional(),
      })
      .strict(),
    output: z.object({ search: SavedSearch }),
  },
  /**
   * Renames a saved search; a name changed since `baseVersion` is refused (`conflict`, details: EditConflict).
   * Returns the name's version after it.
   */
  'searches:rename': {
    input: z.object({ id: SearchId, name: SearchName, baseVersion: BaseVersion.optional() }).strict(),
    output: z.object({ search: SavedSearch, version: z.number().int() }),
  },
  /** Deletes a saved search (the assets it found stay). */
  'searches:delete': { input: z.object({ id: SearchId }).strict(), output: z.object({ deleted: z.boolean() }) },
} as const
