import { useBackendQuery } from '../../api/queries'
import { formatDateTime } from '../../format'
import { ErrorLine } from '../../ui/ErrorLine'
import { useSignedIn } from '../people/index'

/** Who did what to this asset on a team library, in words, newest first (the last 50). */
export function HistorySection({ assetId }: { assetId: string }) {
  // A person's own library has one person and keeps no activity: the section is a team library's.
  const onHub = useSignedIn() !== null
  const history = useBackendQuery('media:history', onHub ? { id: assetId, limit: 50 } : null)
  if (!onHub) return null
  return (
    <section className="detail-section" aria-labelledby="detail-history">
      <h2 id="detail-history">History</h2>
      {history.isPending && <p className="empty">Loading…</p>}
      {history.error && <ErrorLine>{history.error.message}</ErrorLine>}
      {history.data?.entries.length === 0 && <p className="empty">No one has changed it since it came.</p>}
      {history.data && history.data.entries.length > 0 && (
        <ol className="asset-history" aria-label="History of this asset">
          {history.data.entries.map((entry) => (
            <li key={entry.id}>
              <span>
                <strong>{entry.person}</strong> {entry.words ?? 'changed it'}
              </span>{' '}
              <time className="muted" dateTime={entry.at}>
                {formatDateTime(entry.at)}
              </time>
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
