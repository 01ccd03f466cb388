import './health.css'
import type { ReactNode } from 'react'
import { useBackendQuery } from '../../api/queries'
import { formatDateTime } from '../../format'
import { HealthItemList } from './HealthItemList'
import { RelinkPanel } from './RelinkPanel'
import { VerifyPanel } from './VerifyPanel'
import { ErrorLine } from '../../ui/ErrorLine'
import { useMayCall } from '../people/index'

// How many flagged assets of each kind are fetched for display.
const LISTED = 1000

/** The assets flagged missing or changed, as stored; read again when their table changes while shown. */
const useHealthReport = () => useBackendQuery('health:report', { limit: LISTED })

/** The section's id, where the Stats page's "Skip to library health" lands. */
export const HEALTH_ID = 'library-health'

/**
 * Library health: verify and relink with their progress (also of jobs another window started),
 * and the assets flagged missing or changed, each opening its detail page. `missingLink` opens the
 * library filtered to missing assets, when the library's URL can say so.
 */
export function HealthSection({ missingLink }: { missingLink?: ReactNode }) {
  const { data: report, error } = useHealthReport()
  // Verify and relink change what the library records: an editor's.
  const mayCheck = useMayCall('health:verify')

  const flagged = report
    ? [
        { kind: 'missing', title: 'Missing', count: report.counts.missing, assets: report.missing },
        { kind: 'changed', title: 'Changed', count: report.counts.changed, assets: report.changed },
      ]
    : []

  return (
    <section id={HEALTH_ID} className="health-section" aria-labelledby="health-title" tabIndex={-1}>
      <h2 id="health-title">Library health</h2>
      {error && <ErrorLine>{error.message}</ErrorLine>}
      {mayCheck && (
        <div className="health-panels" data-needs="health:verify">
          <VerifyPanel />
          <RelinkPanel />
        </div>
      )}
      <div className="health-report" data-testid="health-report">
        <h3>Flagged files</h3>
        {report && report.counts.missing + report.counts.changed === 0 && (
          <p className="empty">No file is flagged missing or changed.</p>
        )}
        {flagged
          .filter((group) => group.count > 0)
          .map((group) => (
            <div key={group.kind} className="health-flagged" data-testid={`flagged-${group.kind}`}>
              <h4>
                {group.title} ({group.count.toLocaleString()})
                {group.kind === 'missing' && missingLink && <span className="health-filter-link">{missingLink}</span>}
              </h4>
              <HealthItemList
                label={`${group.title} files`}
                testId={`flagged-${group.kind}-list`}
                items={group.assets.map((asset) => ({
                  ...asset,
                  reason:
                    asset.since && `Since ${formatDateTime(asset.since)}${asset.storage === 'link' ? ' · linked' : ''}`,
                }))}
              />
              {group.assets.length < group.count && (
                <p className="health-help">The first {group.assets.length.toLocaleString()} are listed.</p>
              )}
            </div>
          ))}
      </div>
    </section>
  )
}
