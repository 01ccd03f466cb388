import { codecDisplayName } from '../../../../shared/codec-names'
import { MediaType, type FacetCounts, type MediaFilter, type StatsBucket } from '../../../../shared/contract'
import { hashOfRoute, routeFromHash, type BrowseView } from '../../app/navigation-slice'

/** The charts whose buckets can be a library filter; resolution (by the shorter side) and duration cannot be exactly. */
export type LinkedChart = 'mediaType' | 'sourceType' | 'codec' | 'health'

/**
 * Library filters that show exactly the assets of each codec bucket (keyed by the bucket's key):
 * stats merge raw codec names under one common name and tell a still's mjpeg ("JPEG") from a
 * video's ("Motion JPEG"), so a bucket maps to raw names plus, where needed, a media type. A
 * bucket gets a filter only when the facet counts it was built from add up to the bucket's count,
 * so a link never promises a different number than the chart shows.
 */
export function codecFilters(
  byCodec: readonly StatsBucket[],
  codecsOf: Partial<Record<MediaType, FacetCounts>>,
): Record<string, MediaFilter> {
  const found = new Map<string, { codecs: Set<string>; types: Set<MediaType>; count: number }>()
  for (const type of MediaType.options) {
    for (const { value, count } of codecsOf[type] ?? []) {
      if (typeof value !== 'string' || value === '') continue
      const name = codecDisplayName(value, { mediaType: type })
      if (name === null) continue
      const entry = found.get(name) ?? { codecs: new Set(), types: new Set(), count: 0 }
      entry.codecs.add(value)
      entry.types.add(type)
      entry.count += count
      found.set(name, entry)
    }
  }
  const filters: Record<string, MediaFilter> = {}
  for (const bucket of byCodec) {
    const entry = found.get(bucket.key)
    if (!entry || entry.count !== bucket.count) continue
    const codec = [...entry.codecs].sort()
    // A raw name shared with another common name (mjpeg) needs the media type to tell them apart.
    const shared = codec.some((raw) =>
      [...found.entries()].some(([name, e]) => name !== bucket.key && e.codecs.has(raw)),
    )
    filters[bucket.key] = shared ? { codec, mediaType: [...entry.types].sort() } : { codec }
  }
  return filters
}

function isMediaType(key: string): key is MediaType {
  return (MediaType.options as readonly string[]).includes(key)
}

/** The library filter a bucket of a chart stands for, when there is one. */
export function bucketFilter(
  chart: LinkedChart,
  key: string,
  codecs: Record<string, MediaFilter>,
): MediaFilter | undefined {
  if (chart === 'mediaType') return isMediaType(key) ? { mediaType: [key] } : undefined
  if (chart === 'sourceType') return key === '' ? undefined : { sourceType: [key] }
  if (chart === 'codec') return codecs[key]
  return key === 'missing' || key === 'changed' ? { health: [key] } : undefined
}

/**
 * The `#/library?…` link showing `filter` (other view settings kept, search cleared), or undefined
 * when the library's URL cannot carry that filter: a link that silently dropped it would show a
 * different set of assets than the one clicked.
 */
export function libraryHref(filter: MediaFilter, browse: BrowseView): string | undefined {
  const hash = hashOfRoute({ view: 'library', assetId: null, browse: { ...browse, query: '', filter, anchor: null } })
  const back = routeFromHash(hash)
  return back?.browse && canonical(back.browse.filter) === canonical(filter) ? hash : undefined
}

function canonical(filter: MediaFilter): string {
  return JSON.stringify(Object.entries(filter).sort(([a], [b]) => a.localeCompare(b)))
}

/** Sum of a grouping's counts and bytes (each grouping covers every asset once). */
export function bucketTotals(buckets: readonly { count: number; bytes: number }[]): { count: number; bytes: number } {
  return buckets.reduce((sum, b) => ({ count: sum.count + b.count, bytes: sum.bytes + b.bytes }), {
    count: 0,
    bytes: 0,
  })
}
