import { useBackendQuery } from '../../api/queries'
import { formatBytes } from '../../format'
import { ErrorLine } from '../../ui/ErrorLine'

/** Near-duplicates in figures (issue 21): groups, what deleting all but each group's keeper frees, what is hashed. */
export function NearDuplicatesCard() {
  const groups = useBackendQuery('similar:groups', { limit: 1 })
  const status = useBackendQuery('similar:status', {})
  return (
    <figure className="stats-card" data-testid="stats-card-similar" aria-labelledby="stats-similar-title">
      <h2 id="stats-similar-title">Near-duplicates</h2>
      {(groups.error ?? status.error) && <ErrorLine>{(groups.error ?? status.error)!.message}</ErrorLine>}
      {groups.data && status.data && (
        <>
          <dl className="stats-figures">
            <dt>Groups</dt>
            <dd data-testid="stats-similar-groups">{groups.data.total.toLocaleString()}</dd>
            <dt>Freed by keeping one of each</dt>
            <dd data-testid="stats-similar-bytes" title={`${groups.data.bytesFreed} bytes`}>
              {formatBytes(groups.data.bytesFreed)}
            </dd>
          </dl>
          <figcaption className="stats-note">
            Of {status.data.hashed.toLocaleString()} assets hashed
            {status.data.waiting > 0 && `, ${status.data.waiting.toLocaleString()} waiting`}
            {status.data.failed > 0 && `, ${status.data.failed.toLocaleString()} that could not be hashed`}.{' '}
            <a href="#/similar">Review near-duplicates</a>
          </figcaption>
        </>
      )}
    </figure>
  )
}
