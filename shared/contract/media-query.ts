import { z } from 'zod'
import { ReviewStatus } from './review-status'
import { nameText } from './name-text'

/** How many assets one page may hold. */
export const MAX_PAGE = 500
const MAX_VALUES = 50
const MAX_QUERY = 500
const MAX_TAG = 64

/** What `media:list` can sort by: import time, name, duration, size, resolution (pixels). */
export const MediaSortKey = z.enum(['imported', 'name', 'duration', 'size', 'resolution'])
export type MediaSortKey = z.infer<typeof MediaSortKey>

/** Sort key and direction; the id breaks ties so keyset pages are stable. */
export const MediaSort = z
  .object({ by: MediaSortKey.default('imported'), dir: z.enum(['asc', 'desc']).default('desc') })
  .strict()
export type MediaSort = z.infer<typeof MediaSort>

/** A tag name: trimmed, 1–64 characters, no control characters. */
export const TagName = nameText('A tag', MAX_TAG)

/** A calendar date or ISO time, compared with the stored ISO import times. */
const IsoTime = z.string().regex(/^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?Z?)?$/, 'Use an ISO date.')
const Count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)
const Seconds = z.number().min(0).max(1e9)
const Pixels = z.number().int().min(0).max(1_000_000)
const Values = (item: z.ZodType<string>) => z.array(item).min(1).max(MAX_VALUES)
const Text = z.string().min(1).max(200)

/** Orientation of the displayed picture. */
export const Orientation = z.enum(['landscape', 'portrait', 'square'])
export type Orientation = z.infer<typeof Orientation>

/** What an asset is: a video, a still or animated image, or sound alone (an audio file). */
export const MediaType = z.enum(['video', 'image', 'audio'])
export type MediaType = z.infer<typeof MediaType>

/** What a file check flagged: the file is gone ('missing') or no longer matches its SHA-256 ('changed'). */
export const AssetHealth = z.enum(['missing', 'changed'])
export type AssetHealth = z.infer<typeof AssetHealth>

/**
 * Filters of `media:list` and `media:facets`; all optional and combined with AND. A list
 * (e.g. `codec: ['h264', 'vp9']`) matches any of its values; `tags` must all be on an asset.
 */
export const MediaFilter = z
  .object({
    mediaType: Values(MediaType).optional(),
    sourceType: Values(Text).optional(),
    status: z.array(z.number().int().min(1).max(6)).min(1).max(6).optional(),
    codec: Values(Text).optional(),
    container: Values(Text).optional(),
    orientation: Values(Orientation).optional(),
    minWidth: Pixels.optional(),
    maxWidth: Pixels.optional(),
    minHeight: Pixels.optional(),
    maxHeight: Pixels.optional(),
    minDuration: Seconds.optional(),
    maxDuration: Seconds.optional(),
    minSize: Count.optional(),
    maxSize: Count.optional(),
    importedFrom: IsoTime.optional(),
    importedTo: IsoTime.optional(),
    tags: z.array(TagName).min(1).max(20).optional(),
    minRating: z.number().int().min(0).max(5).optional(),
    hasAudio: z.boolean().optional(),
    /** Assets in this collection (its id). */
    collection: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
    health: Values(AssetHealth).optional(),
    /** Who imported the asset (any of the names given, as `imported_by` holds them). */
    importedBy: Values(Text).optional(),
    /** Where the asset stands in review (any of the statuses given; issue 60 point 2). */
    reviewStatus: Values(ReviewStatus).optional(),
    /** Assets in a group of near-duplicates as the review page groups them (dismissed pairs left out); false: the others. */
    hasNearDuplicates: z.boolean().optional(),
    /** Generation details (any of the values given): the generator, model and sampler names, the step count. */
    provider: Values(Text).optional(),
    model: Values(Text).optional(),
    sampler: Values(Text).optional(),
    steps: z.array(z.number().int().min(0).max(100_000)).min(1).max(50).optional(),
    /** LoRAs the generation used: all of those given. */
    loras: z.array(Text).min(1).max(20).optional(),
    /** Assets a workflow made or used; false: the others. */
    hasWorkflow: z.boolean().optional(),
    /** Leaves out the members of stacks whose head is in the library: the head's card stands for them. */
    collapseStacks: z.literal(true).optional(),
  })
  .strict()
export type MediaFilter = z.infer<typeof MediaFilter>

/** Free text: words are matched as prefixes, diacritics folded; FTS syntax is taken literally. */
export const SearchQuery = z.string().max(MAX_QUERY)

/** An opaque keyset cursor: pass back the `nextCursor` of the previous page with the same sort. */
export const MediaCursor = z.string().max(2000)

/** How many assets each value of a facet would leave, the other filters applied. */
export const FacetCounts = z.array(z.object({ value: z.union([z.string(), z.number()]), count: Count }))
export type FacetCounts = z.infer<typeof FacetCounts>

/** Smallest and largest value among the assets left (null when none has one). */
const Range = z.object({ min: z.number().nullable(), max: z.number().nullable() })

/** Counts per facet value for one filter state (standard faceting) and the ranges of what is left. */
export const MediaFacets = z.object({
  total: Count,
  mediaType: FacetCounts,
  sourceType: FacetCounts,
  status: FacetCounts,
  codec: FacetCounts,
  container: FacetCounts,
  orientation: FacetCounts,
  hasAudio: FacetCounts,
  rating: FacetCounts,
  /** 1: assets in a group of near-duplicates, 0: the others (as `hasAudio` counts 1 and 0). */
  hasNearDuplicates: FacetCounts,
  tags: FacetCounts,
  provider: FacetCounts,
  model: FacetCounts,
  sampler: FacetCounts,
  steps: FacetCounts,
  loras: FacetCounts,
  /** 1: assets a workflow made or used, 0: the others. */
  hasWorkflow: FacetCounts,
  /** Who imported: each name with how many assets it would leave. */
  importedBy: FacetCounts,
  /** Each review status with how many assets it would leave. */
  reviewStatus: FacetCounts,
  /** Collection ids, each with how many assets it would leave instead of the collection filtered on. */
  collections: FacetCounts,
  ranges: z.object({
    width: Range,
    height: Range,
    duration: Range,
    size: Range,
    imported: z.object({ min: z.string().nullable(), max: z.string().nullable() }),
  }),
})
export type MediaFacets = z.infer<typeof MediaFacets>
