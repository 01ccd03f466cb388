import { MediaFilter, MediaSortKey, type MediaSort } from '../../../../shared/contract'

/** How the library is looked at: everything a reload or a shared link must bring back. */
export interface BrowseView {
  query: string
  filter: MediaFilter
  sort: MediaSort
  view: 'grid' | 'list'
  /** Grid card width in CSS pixels (the size slider). */
  size: number
  /** "Stack related files": a clip's sidecar PNG, proxies and processed versions stand under its card. */
  stacks: boolean
  /** The focused asset: where the selection starts and what the grid scrolls to. */
  anchor: string | null
}

export const CARD_SIZE = { min: 120, max: 360, default: 200 } as const

/** The view a fresh library opens on: newest import first, as a grid. */
export const DEFAULT_BROWSE: BrowseView = {
  query: '',
  filter: {},
  sort: { by: 'imported', dir: 'desc' },
  view: 'grid',
  size: CARD_SIZE.default,
  stacks: true,
  anchor: null,
}

type ListKey =
  | 'mediaType'
  | 'sourceType'
  | 'codec'
  | 'container'
  | 'orientation'
  | 'tags'
  | 'health'
  | 'importedBy'
  | 'reviewStatus'
  | 'provider'
  | 'model'
  | 'sampler'
  | 'loras'
type NumberKey =
  'minWidth' | 'maxWidth' | 'minHeight' | 'maxHeight' | 'minDuration' | 'maxDuration' | 'minSize' | 'maxSize'
type YesNoKey = 'hasAudio' | 'hasNearDuplicates' | 'hasWorkflow'

// Short, readable URL names for each filter; the order here is the order in the URL.
const LISTS: [ListKey, string][] = [
  ['mediaType', 'type'],
  ['sourceType', 'source'],
  ['codec', 'codec'],
  ['container', 'container'],
  ['orientation', 'orient'],
  ['tags', 'tag'],
  ['health', 'health'],
  ['importedBy', 'by'],
  ['reviewStatus', 'review'],
  ['provider', 'provider'],
  ['model', 'model'],
  ['sampler', 'sampler'],
  ['loras', 'lora'],
]
const NUMBERS: [NumberKey, string][] = [
  ['minWidth', 'minw'],
  ['maxWidth', 'maxw'],
  ['minHeight', 'minh'],
  ['maxHeight', 'maxh'],
  ['minDuration', 'mindur'],
  ['maxDuration', 'maxdur'],
  ['minSize', 'minsize'],
  ['maxSize', 'maxsize'],
]

// Filters that hold or not, as 1 or 0.
const YES_NO: [YesNoKey, string][] = [
  ['hasAudio', 'audio'],
  ['hasNearDuplicates', 'neardup'],
  ['hasWorkflow', 'workflow'],
]

/**
 * The URL parameters of a library view, defaults left out. List values are joined by ','
 * after each is percent-encoded, so a tag holding a comma survives: `tag=a,b%2Cc`.
 */
export function encodeBrowse(state: BrowseView): string {
  const pairs: [string, string][] = []
  const f = state.filter
  if (state.query.trim() !== '') pairs.push(['q', encodeURIComponent(state.query)])
  for (const [key, name] of LISTS) {
    const values = f[key] as readonly string[] | undefined
    if (values?.length) pairs.push([name, values.map(encodeURIComponent).join(',')])
  }
  if (f.status?.length) pairs.push(['status', f.status.join(',')])
  if (f.steps?.length) pairs.push(['steps', f.steps.join(',')])
  for (const [key, name] of NUMBERS) if (f[key] !== undefined) pairs.push([name, String(f[key])])
  if (f.importedFrom) pairs.push(['from', f.importedFrom])
  if (f.importedTo) pairs.push(['to', f.importedTo])
  if (f.minRating !== undefined) pairs.push(['rating', String(f.minRating)])
  for (const [key, name] of YES_NO) if (f[key] !== undefined) pairs.push([name, f[key] ? '1' : '0'])
  if (f.collection !== undefined) pairs.push(['collection', String(f.collection)])
  if (state.sort.by !== DEFAULT_BROWSE.sort.by) pairs.push(['sort', state.sort.by])
  if (state.sort.dir !== DEFAULT_BROWSE.sort.dir) pairs.push(['dir', state.sort.dir])
  if (state.view !== DEFAULT_BROWSE.view) pairs.push(['view', state.view])
  if (state.size !== DEFAULT_BROWSE.size) pairs.push(['size', String(state.size)])
  if (!state.stacks) pairs.push(['stacks', '0'])
  if (state.anchor) pairs.push(['anchor', encodeURIComponent(state.anchor)])
  return pairs.map(([name, value]) => `${name}=${value}`).join('&')
}

/** The library view a URL's parameters describe; what is missing or invalid takes its default. */
export function decodeBrowse(search: string): BrowseView {
  const raw = new Map<string, string>()
  for (const part of search.replace(/^\?/, '').split('&')) {
    const at = part.indexOf('=')
    if (at > 0) raw.set(part.slice(0, at), part.slice(at + 1))
  }
  const text = (name: string) => {
    const value = raw.get(name)
    return value === undefined ? undefined : safeDecode(value)
  }
  const list = (name: string) => {
    const values = raw
      .get(name)
      ?.split(',')
      .map(safeDecode)
      .filter((value) => value !== '')
    return values && values.length > 0 ? values : undefined
  }
  const filter: Record<string, unknown> = {}
  for (const [key, name] of LISTS) filter[key] = list(name)
  filter.status = list('status')?.map(Number)
  filter.steps = list('steps')?.map(Number)
  for (const [key, name] of NUMBERS) filter[key] = numberOf(text(name))
  filter.importedFrom = text('from')
  filter.importedTo = text('to')
  filter.minRating = numberOf(text('rating'))
  for (const [key, name] of YES_NO) {
    const value = text(name)
    filter[key] = value === '1' ? true : value === '0' ? false : undefined
  }
  filter.collection = numberOf(text('collection'))

  const by = MediaSortKey.safeParse(text('sort'))
  const size = numberOf(text('size'))
  const view = text('view')
  return {
    query: text('q') ?? '',
    filter: validFilter(filter),
    sort: { by: by.success ? by.data : DEFAULT_BROWSE.sort.by, dir: text('dir') === 'asc' ? 'asc' : 'desc' },
    view: view === 'list' ? 'list' : 'grid',
    size: size === undefined ? CARD_SIZE.default : Math.min(CARD_SIZE.max, Math.max(CARD_SIZE.min, Math.round(size))),
    stacks: text('stacks') !== '0',
    anchor: text('anchor') || null,
  }
}

/** Only the filters the backend would accept: each invalid one is dropped, the rest kept. */
function validFilter(candidate: Record<string, unknown>): MediaFilter {
  const kept: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(candidate)) {
    if (value === undefined) continue
    if (MediaFilter.safeParse({ [key]: value }).success) kept[key] = value
  }
  return kept as MediaFilter
}

function numberOf(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined
  const value = Number(text)
  return Number.isFinite(value) ? value : undefined
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** The filter the library lists and counts with: the view's, with stacks collapsed when the view stacks them. */
export function listedFilter(view: Pick<BrowseView, 'filter' | 'stacks'>): MediaFilter {
  return view.stacks ? { ...view.filter, collapseStacks: true } : view.filter
}

/** How many filters are set (a range's both ends count once each). */
export function countFilters(filter: MediaFilter): number {
  return Object.values(filter).filter((value) => value !== undefined).length
}
