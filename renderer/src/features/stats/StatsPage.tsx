import './stats.css'
import { useQuery } from '@tanstack/react-query'
import { useMemo, useState } from 'react'
import type { LibraryStats, StatsBucket } from '../../../../shared/contract'
import { api } from '../../api/index'
import { formatBytes } from '../../format'
import { useAppStore } from '../../app/use-app-store'
import { HealthSection } from '../health/index'
import { BucketCard, type LinkedBucket } from './BucketCard'
import type { Shown } from './measure'
import { HealthCard } from './HealthCard'
import { ImportsCard } from './ImportsCard'
import { LibraryLink } from './LibraryLink'
import { NearDuplicatesCard } from './NearDuplicatesCard'
import { bucketFilter, libraryHref, type LinkedChart } from './stats-links'
import { codecLinksQuery, statsQuery } from './stats-queries'

const SHOWN: { value: Shown; label: string }[] = [
  { value: 'count', label: 'Assets' },
  { value: 'bytes', label: 'Size' },
  { value: 'both', label: 'Both' },
]

const NO_LINKS = {}

/** The Stats page: what the library holds (from the database), charted, with its health checks below. */
export function StatsPage() {
  const browse = useAppStore((s) => s.browse)
  const { data: stats, isPending, error, refetch } = useQuery(statsQuery(api))
  const codecFilters = useQuery(codecLinksQuery(api, stats)).data ?? NO_LINKS
  const [shown, setShown] = useState<Shown>('count')

  const linked = useMemo(() => {
    const hrefOf = (chart: LinkedChart, key: string) => {
      const filter = bucketFilter(chart, key, codecFilters)
      return filter && libraryHref(filter, browse)
    }
    const link = (chart: LinkedChart, buckets: readonly StatsBucket[]): LinkedBucket[] =>
      buckets.map((bucket) => ({ ...bucket, href: hrefOf(chart, bucket.key) }))
    return { hrefOf, link }
  }, [codecFilters, browse])

  return (
    <section className="stats-page" aria-labelledby="stats-title" aria-busy={isPending}>
      <div className="page-head">
        <h1 id="stats-title">Stats</h1>
        <div className="view-switch" role="group" aria-label="Chart values">
          {SHOWN.map((option) => (
            <button
              key={option.value}
              type="button"
              aria-pressed={shown === option.value}
              onClick={() => setShown(option.value)}
            >
              {option.label}
            </button>
          ))}
        </div>
      </div>
      {isPending && (
        <p className="empty" role="status" data-testid="stats-loading">
          Reading the library’s figures…
        </p>
      )}
      {error && (
        <p className="error stats-error" role="alert">
          Could not read the library’s figures: {error.message}{' '}
          <button type="button" onClick={() => void refetch()}>
            Try again
          </button>
        </p>
      )}
      {stats && (
        <>
          <dl className="stats-headline" data-testid="stats-headline">
            <div>
              <dt>Assets</dt>
              <dd data-testid="stats-total-count" data-count={stats.total.count}>
                {stats.total.count.toLocaleString()}
              </dd>
            </div>
            <div>
              <dt>Stored size</dt>
              <dd data-testid="stats-total-bytes" data-bytes={stats.total.bytes} title={`${stats.total.bytes} bytes`}>
                {formatBytes(stats.total.bytes)}
              </dd>
            </div>
            <div>
              <dt>Flagged files</dt>
              <dd data-testid="stats-flagged">{(stats.health.missing + stats.health.changed).toLocaleString()}</dd>
            </div>
          </dl>
          <p className="stats-note">
            Sizes are the file sizes recorded at import, added up by the database (no folder is read). Each grouping
            covers every asset once; its rows add up to the total.
          </p>
          <div className="stats-grid">
            {groupings(stats, linked.link).map((grouping) => (
              <BucketCard key={grouping.id} {...grouping} total={stats.total} shown={shown} />
            ))}
            <HealthCard
              health={stats.health}
              total={stats.total.count}
              hrefOf={(key) => linked.hrefOf('health', key)}
            />
            <ImportsCard days={stats.importsPerDay} shown={shown} />
            <NearDuplicatesCard />
          </div>
        </>
      )}
      <HealthSection missingLink={missingLink(linked.hrefOf('health', 'missing'))} />
    </section>
  )
}

/** The library's groupings, charted in this order; those a library filter can say link into the library. */
function groupings(
  stats: LibraryStats,
  link: (chart: LinkedChart, buckets: readonly StatsBucket[]) => LinkedBucket[],
): { id: string; title: string; buckets: readonly LinkedBucket[]; note?: string; hideEmpty?: boolean }[] {
  return [
    { id: 'media-type', title: 'Media type', buckets: link('mediaType', stats.byMediaType) },
    { id: 'source-type', title: 'Source', buckets: link('sourceType', stats.bySourceType) },
    { id: 'codec', title: 'Codec', buckets: link('codec', stats.byCodec) },
    {
      id: 'resolution',
      title: 'Resolution',
      buckets: stats.byResolution,
      note: 'Classed by the picture’s shorter side, so a portrait 1080×1920 clip is Full HD.',
    },
    { id: 'duration', title: 'Duration', buckets: stats.byDuration, hideEmpty: true, note: 'Stills have no duration.' },
  ]
}

function missingLink(href: string | undefined) {
  return href && <LibraryLink href={href}>Show missing in the library</LibraryLink>
}
