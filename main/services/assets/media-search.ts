import type {
  MediaAsset,
  MediaFacets,
  MediaFilter,
  MediaListItem,
  MediaListView,
  MediaSort,
  MediaSortKey,
  SearchMatch,
} from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import {
  WITHOUT_NOTES,
  type ListedAsset,
  type PageAfter,
  type PageRow,
  type SearchParams,
} from '../../db/browse-model/search-params'
import { firstHitField, reasonMatcher, type ReasonMatcher } from './search-match'
import type { Library } from '../library-context'
import { SEES_ALL, visibleCollections, type Visibility } from '../visibility/visibility'

// Bounds the work one query can ask of FTS; more words than this narrow nothing in practice.
const MAX_QUERY_TERMS = 16
// What the FTS tokenizer (unicode61) keeps as word characters: letters, marks and numbers.
const WORD = /[\p{L}\p{M}\p{N}]+/gu
const NUMERIC_SORTS = new Set<MediaSortKey>(['duration', 'size', 'resolution'])

/** The pages a service reads, as the caller may see them (every asset and the notes where nothing is given). */
export type Browsing = Pick<Library, 'browse'> & Partial<Pick<Library, 'visibility' | 'readsNotes'>>

/** What `media:list` asks for (but the view: searchMedia answers list items, searchMediaRecords whole records). */
export interface SearchRequest {
  limit: number
  cursor: string | null
  query?: string
  filter?: MediaFilter
  sort?: MediaSort
}

/** A page of assets and where the next one starts (null at the end). */
export interface MediaPage<A extends ListedAsset> {
  items: A[]
  nextCursor: string | null
}

/**
 * A keyset page of the assets matching the request as list items (what a card or row shows), with the cursor of the
 * next page (null at the end); when the filter collapses stacks, each head on the page carries how many files stand
 * under it (`stackSize`); with a search text, each asset says why it matched (`matched`).
 */
export function searchMedia(lib: Browsing, request: SearchRequest): Promise<MediaPage<MediaListItem>> {
  return listPage(lib, request, 'card') as Promise<MediaPage<MediaListItem>>
}

/** The page searchMedia answers, each asset as its whole record (as `media:get` has it). */
export function searchMediaRecords(lib: Browsing, request: SearchRequest): Promise<MediaPage<MediaAsset>> {
  return listPage(lib, request, 'full') as Promise<MediaPage<MediaAsset>>
}

// The browse reads the columns of the view asked for (media-list-columns.ts): its rows hold that view's assets.
async function listPage(lib: Browsing, request: SearchRequest, view: MediaListView): Promise<MediaPage<ListedAsset>> {
  const by = request.sort?.by ?? 'imported'
  const desc = (request.sort?.dir ?? 'desc') === 'desc'
  const after = request.cursor === null ? null : decodeCursor(request.cursor, by, desc)
  const params = searchParams(request.query, request.filter, lib.visibility, lib.readsNotes)
  const matcher = reasonMatcher(queryWords(request.query), lib.readsNotes)
  // The page, its stacks and the texts of its hits are one snapshot of the library.
  const reasons = new Map<string, SearchMatch>()
  const {
    rows,
    stackSizes: stacks,
    texts,
  } = await lib.browse.page({ params, by, desc, after, limit: request.limit, view }, (page) =>
    params.query === null ? [] : reasonsFromRows(matcher, page, reasons),
  )
  for (const [id, searched] of texts) {
    const reason = matcher.reason(searched)
    if (reason) reasons.set(id, reason)
  }
  const last = rows.at(-1)
  const nextCursor =
    rows.length === request.limit && last ? encodeCursor(by, desc, { key: last.key, id: last.asset.id }) : null
  // The page's assets are its own: told their stack and reason in place (a copy of each was 0.2 MB a page).
  const items: ListedAsset[] = rows.map(({ asset }) => {
    const stackSize = stacks.get(asset.id)
    const matched = reasons.get(asset.id)
    if (stackSize !== undefined) asset.stackSize = stackSize
    if (matched) asset.matched = matched
    return asset
  })
  return { items, nextCursor }
}

/**
 * Why each asset of a page matched the searched words, where its row tells (into `reasons`); the ids of the others,
 * whose searched texts are read. A hit in the name is the reason told first (the text index's name column holds
 * the asset's name, as its notes and path columns hold the row's; migration 0060's triggers keep them so). When
 * the text index told which of its columns hold the word (a walk against a prefix's marks) and the first of them
 * in the order reasons are told is the notes or the path, the row's own text gives the reason: of a common word's
 * page by name at a million assets, 12 assets' texts are read on average (0.2 ms), where 138 of 200 were (1.3 ms).
 */
function reasonsFromRows(
  matcher: ReasonMatcher,
  rows: readonly PageRow[],
  reasons: Map<string, SearchMatch>,
): string[] {
  const unread: string[] = []
  for (const row of rows) {
    const { asset } = row
    const reason = matcher.inField('name', asset.name) ?? ownFieldReason(matcher, row)
    if (reason) reasons.set(asset.id, reason)
    else unread.push(asset.id)
  }
  return unread
}

/** The reason the notes or path of the asset's row give, when the text index says the first hit is there. */
function ownFieldReason(matcher: ReasonMatcher, { hitColumns, notes, originalPath }: PageRow) {
  const field = hitColumns === undefined ? null : firstHitField(hitColumns)
  if (field === 'notes') return matcher.inField(field, notes ?? '')
  if (field === 'path') return matcher.inField(field, originalPath ?? '')
  return null
}

/** How many assets each facet value would leave for this query and filter state (see MediaBrowse). */
export function mediaFacets(lib: Browsing, query?: string, filter: MediaFilter = {}): Promise<MediaFacets> {
  return lib.browse.facets(searchParams(query, filter, lib.visibility, lib.readsNotes), filter)
}

/**
 * The user's text as a safe FTS5 MATCH expression: its words, each quoted (so FTS syntax such
 * as NEAR, AND, `*`, `-`, `:` or quotes is matched as text or dropped, never interpreted) and
 * matched as a prefix, all required; without `readsNotes`, in every column but the notes. Null when the text
 * holds no word.
 */
export function toMatchExpression(text: string | undefined, readsNotes = true): string | null {
  const words = queryWords(text)
  if (words.length === 0) return null
  const prefixes = words.map((word) => `"${word}"*`).join(' ')
  return readsNotes ? prefixes : `${WITHOUT_NOTES}(${prefixes})`
}

/** The words of the user's search text, as the index is asked for them (at most MAX_QUERY_TERMS). */
export function queryWords(text: string | undefined): string[] {
  return (text ?? '').normalize('NFC').match(WORD)?.slice(0, MAX_QUERY_TERMS) ?? []
}

/**
 * The repo's bound values for a query and filter state, as the caller with `visibility` may see them; without
 * `readsNotes`, the query finds no asset by its notes.
 */
export function searchParams(
  query: string | undefined,
  filter: MediaFilter = {},
  visibility: Visibility = SEES_ALL,
  readsNotes = true,
): SearchParams {
  const visibleIn = visibleCollections(visibility)
  const list = (values: readonly (string | number)[] | undefined) => (values ? JSON.stringify(values) : null)
  const tags = filter.tags ? uniqueCaseless(filter.tags) : null
  const loras = filter.loras ? [...new Set(filter.loras)] : null
  return {
    query: toMatchExpression(query, readsNotes),
    mediaType: list(filter.mediaType),
    sourceType: list(filter.sourceType),
    status: list(filter.status),
    codec: list(filter.codec),
    container: list(filter.container),
    orientation: list(filter.orientation),
    minWidth: filter.minWidth ?? null,
    maxWidth: filter.maxWidth ?? null,
    minHeight: filter.minHeight ?? null,
    maxHeight: filter.maxHeight ?? null,
    minDuration: filter.minDuration ?? null,
    maxDuration: filter.maxDuration ?? null,
    minSize: filter.minSize ?? null,
    maxSize: filter.maxSize ?? null,
    importedFrom: filter.importedFrom ?? null,
    // A bare date means the whole day: stored times are full ISO strings that sort after it.
    importedTo:
      filter.importedTo && filter.importedTo.length === 10
        ? `${filter.importedTo}T\uffff`
        : (filter.importedTo ?? null),
    tags: tags && JSON.stringify(tags),
    tagCount: tags?.length ?? null,
    minRating: filter.minRating ?? null,
    hasAudio: filter.hasAudio === undefined ? null : Number(filter.hasAudio),
    hasNearDuplicates: filter.hasNearDuplicates === undefined ? null : Number(filter.hasNearDuplicates),
    health: list(filter.health),
    importedBy: list(filter.importedBy),
    reviewStatus: list(filter.reviewStatus),
    collection: filter.collection ?? null,
    provider: list(filter.provider),
    model: list(filter.model),
    sampler: list(filter.sampler),
    steps: list(filter.steps),
    loras: loras && JSON.stringify(loras),
    loraCount: loras?.length ?? null,
    hasWorkflow: filter.hasWorkflow === undefined ? null : Number(filter.hasWorkflow),
    collapseStacks: filter.collapseStacks ? 1 : null,
    visibleIn: visibleIn && JSON.stringify(visibleIn),
  }
}

function uniqueCaseless(names: readonly string[]): string[] {
  const seen = new Map<string, string>()
  for (const name of names) if (!seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name)
  return [...seen.values()]
}

/** An opaque cursor: base64url of [sort, direction, key, id]. */
function encodeCursor(by: MediaSortKey, desc: boolean, after: PageAfter): string {
  return Buffer.from(JSON.stringify([by, desc ? 'desc' : 'asc', after.key, after.id])).toString('base64url')
}

function decodeCursor(cursor: string, by: MediaSortKey, desc: boolean): PageAfter {
  const invalid = (why: string) =>
    new AppError('validation', `Invalid cursor (${why}): pass back the nextCursor of the previous page.`)
  let decoded: unknown
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw invalid('not a cursor')
  }
  if (!Array.isArray(decoded) || decoded.length !== 4) throw invalid('not a cursor')
  const [sortBy, dir, key, id] = decoded as unknown[]
  if (sortBy !== by || dir !== (desc ? 'desc' : 'asc')) throw invalid('made for another sort')
  const keyType = NUMERIC_SORTS.has(by) ? 'number' : 'string'
  if (typeof key !== keyType || (typeof key === 'number' && !Number.isFinite(key))) throw invalid('bad key')
  if (typeof id !== 'string' || id.length > 64) throw invalid('bad id')
  return { key: key as string | number, id }
}
