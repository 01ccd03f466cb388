import { RECENT_JOBS, type LibraryStats } from '../../../../shared/contract'
import { ChartBars, type BarRow } from './chart-bars'
import { FigureRow } from './FigureRow'
import { LibraryLink } from './LibraryLink'

/** The library's health figures: flagged files, assets never verified, failed imports. */
export function HealthCard({
  health,
  total,
  hrefOf,
}: {
  health: LibraryStats['health']
  total: number
  hrefOf: (key: 'missing' | 'changed') => string | undefined
}) {
  const rows: BarRow[] = [
    { key: 'missing', label: 'Missing files', value: health.missing, href: hrefOf('missing') },
    { key: 'changed', label: 'Changed files', value: health.changed, href: hrefOf('changed') },
    { key: 'unverified', label: 'Not verified yet', value: health.unverified },
    { key: 'failed-imports', label: 'Failed imports', value: health.failedImports },
  ]
  return (
    <figure className="stats-card" data-testid="stats-card-health" aria-labelledby="stats-health-title">
      <h2 id="stats-health-title">Health</h2>
      <div className="stats-measures">
        <ChartBars rows={rows} measure="count" title="Assets or files" />
      </div>
      <figcaption className="stats-note">
        Of {total.toLocaleString()} assets. Failed imports are files, not assets: {health.failedImportsRecent} of them
        in the {RECENT_JOBS} newest imports.
      </figcaption>
      <table className="stats-table" data-testid="stats-table-health">
        <caption className="visually-hidden">Health: flagged, unverified and failed</caption>
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col" className="number">
              Count
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <FigureRow
              key={row.key}
              id={row.key}
              label={row.href ? <LibraryLink href={row.href}>{row.label}</LibraryLink> : row.label}
              count={row.value}
            />
          ))}
        </tbody>
      </table>
    </figure>
  )
}
