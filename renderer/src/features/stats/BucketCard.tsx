import { useRef } from 'react'
import type { StatsBucket } from '../../../../shared/contract'
import { useElementWidth } from '../../ui/use-element-width'
import { ChartBars } from './chart-bars'
import { MEASURES, type Shown } from './measure'
import { FigureTable } from './FigureTable'
import { LibraryLink } from './LibraryLink'
import { bucketTotals } from './stats-links'

// Below this width the two charts of "both" stack, each with its labels.
const SIDE_BY_SIDE = 460

/** A grouping's bucket with the library link it stands for, if any. */
export type LinkedBucket = StatsBucket & { href?: string }

/**
 * One grouping of the library: its bars and a table of the same numbers, whose rows sum to the
 * total in its last line (the table is the chart's accessible form and its legend).
 */
export function BucketCard({
  id,
  title,
  buckets,
  shown,
  total = bucketTotals(buckets),
  totalLabel = 'Total',
  note,
  hideEmpty = false,
}: {
  id: string
  title: string
  buckets: readonly LinkedBucket[]
  shown: Shown
  /** The total the rows add up to (the library's own, so a grouping that lost assets shows it). */
  total?: { count: number; bytes: number }
  totalLabel?: string
  note?: string
  /** Leave empty buckets out of the table (the chart keeps its axis). */
  hideEmpty?: boolean
}) {
  const measures = useRef<HTMLDivElement>(null)
  // Side by side, the second chart's rows line up with the first's labels: it draws none of its own.
  const width = useElementWidth(measures)
  const sideBySide = shown === 'both' && width >= SIDE_BY_SIDE
  const listed = hideEmpty ? buckets.filter((bucket) => bucket.count > 0) : buckets
  return (
    <figure className="stats-card" data-testid={`stats-card-${id}`} aria-labelledby={`stats-${id}-title`}>
      <h2 id={`stats-${id}-title`}>{title}</h2>
      {total.count === 0 ? (
        <p className="empty">Nothing to show yet.</p>
      ) : (
        <div ref={measures} className={sideBySide ? 'stats-measures side-by-side' : 'stats-measures'}>
          {MEASURES[shown].map((measure, index) => (
            <ChartBars
              key={measure}
              measure={measure}
              title={measure === 'count' ? 'Assets' : 'Size'}
              labels={!sideBySide || index === 0}
              rows={buckets.map((bucket) => ({
                key: bucket.key,
                label: bucket.label,
                value: measure === 'count' ? bucket.count : bucket.bytes,
                href: bucket.href,
              }))}
            />
          ))}
        </div>
      )}
      {note && <figcaption className="stats-note">{note}</figcaption>}
      <FigureTable
        testId={`stats-table-${id}`}
        caption={`${title}: assets and size per group`}
        heading={title}
        rows={listed.map((bucket) => ({
          key: bucket.key,
          label: bucket.href ? <LibraryLink href={bucket.href}>{bucket.label}</LibraryLink> : bucket.label,
          count: bucket.count,
          bytes: bucket.bytes,
        }))}
        totalLabel={totalLabel}
        total={total}
      />
    </figure>
  )
}
