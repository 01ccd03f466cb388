import { z } from 'zod'
import { eachOnce } from './each-once'
import { BaseVersion } from './edit-versions'
import { AssetId } from './media'
import { nameText } from './name-text'
import { MediaFacets, MediaFilter, SearchQuery, TagName } from './media-query'

const MAX_BULK = 10_000
const MAX_NAME = 255
const MAX_NOTES = 20_000

/** Ids of a (multi-)selection, each at most once. */
export const AssetIds = z
  .array(AssetId)
  .min(1)
  .max(MAX_BULK)
  .superRefine(eachOnce((id) => id, 'Each id may be given once.'))
const TagNames = z.array(TagName).min(1).max(50)

/** A display name: trimmed, 1–255 characters, no control characters. */
export const DisplayName = nameText('The name', MAX_NAME)

/** A tag with the number of assets that carry it. */
export const TagCount = z.object({ id: z.number().int(), name: z.string(), count: z.number().int().nonnegative() })
export type TagCount = z.infer<typeof TagCount>

export const browseChannels = {
  /** For one query and filter state: how many assets each facet value would leave, and the ranges left. */
  'media:facets': {
    input: z.object({ query: SearchQuery.optional(), filter: MediaFilter.optional() }).strict(),
    output: MediaFacets,
  },
  /** Adds tags to assets, creating unknown tags; returns the assets that gained a tag and the tags created. */
  'media:tag': {
    input: z.object({ ids: AssetIds, tags: TagNames }).strict(),
    output: z.object({ ids: z.array(z.string()), added: z.number().int(), created: z.array(z.string()) }),
  },
  /** Removes tags from assets (tags stay, for autocomplete); returns the assets that lost a tag. */
  'media:untag': {
    input: z.object({ ids: AssetIds, tags: TagNames }).strict(),
    output: z.object({ ids: z.array(z.string()), removed: z.number().int() }),
  },
  /**
   * Sets the rating (0 = none … 5) of assets; returns the assets whose rating changed. With `baseVersion` (one id
   * only), a rating changed since that version is refused (`conflict`); `version` is then the rating's new one.
   */
  'media:set-rating': {
    input: z
      .object({ ids: AssetIds, rating: z.number().int().min(0).max(5), baseVersion: BaseVersion.optional() })
      .strict()
      .refine((input) => input.baseVersion === undefined || input.ids.length === 1, {
        message: 'A base version names one asset.',
        path: ['baseVersion'],
      }),
    output: z.object({ ids: z.array(z.string()), rating: z.number().int(), version: z.number().int().optional() }),
  },
  /**
   * Sets or clears (null or blank) an asset's notes; returns the notes as stored and their version. Notes changed
   * since `baseVersion` are refused (`conflict`, details: EditConflict); without it the save always writes.
   */
  'media:set-notes': {
    input: z
      .object({ id: AssetId, notes: z.string().max(MAX_NOTES).nullable(), baseVersion: BaseVersion.optional() })
      .strict(),
    output: z.object({ id: z.string(), notes: z.string().nullable(), version: z.number().int() }),
  },
  /**
   * Gives an asset a new display name (its file keeps its name); returns the name as stored and its version. A name
   * changed since `baseVersion` is refused (`conflict`, details: EditConflict); without it the save always writes.
   */
  'media:rename': {
    input: z.object({ id: AssetId, name: DisplayName, baseVersion: BaseVersion.optional() }).strict(),
    output: z.object({ id: z.string(), name: z.string(), version: z.number().int() }),
  },
  /** Tags with their asset counts, most used first; `prefix` narrows them (for autocomplete). */
  'tags:list': {
    input: z
      .object({ prefix: z.string().max(64).optional(), limit: z.number().int().min(1).max(1000).default(100) })
      .strict(),
    output: z.object({ tags: z.array(TagCount) }),
  },
} as const
