import { useState } from 'react'
import type { CachedAnalysis } from '../../../../shared/contract'
import { configDiff, formatValue, shortHash } from './analysis-view'

/** Two cached configs of one analyzer side by side: only the fields they differ in. */
export function ConfigDiff({ analyses }: { analyses: CachedAnalysis[] }) {
  const [pick, setPick] = useState<{ a?: number; b?: number }>({})
  const named = analyses.filter((row) => row.analyzer !== null)
  const a = named.find((row) => row.id === pick.a)
  const choicesB = a ? named.filter((row) => row.analyzer === a.analyzer && row.id !== a.id) : []
  const b = choicesB.find((row) => row.id === pick.b)
  // Comparing needs two rows of one analyzer; with none such there is nothing to offer.
  const comparable = named.some((row) => named.some((other) => other.id !== row.id && other.analyzer === row.analyzer))
  if (!comparable) return null
  const entryName = (row: CachedAnalysis) =>
    `${row.analyzer} ${shortHash(row.configHash)}${row.valid ? '' : ' (stale)'}`
  const diff = a && b ? configDiff(a.config, b.config) : []
  return (
    <div className="config-diff">
      <h3>Compare two configs</h3>
      <div className="diff-pickers">
        <label>
          First
          <select value={pick.a ?? ''} onChange={(event) => setPick({ a: Number(event.target.value) || undefined })}>
            <option value="">Choose…</option>
            {named.map((row) => (
              <option key={row.id} value={row.id}>
                {entryName(row)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Second
          <select
            value={pick.b ?? ''}
            disabled={!a}
            onChange={(event) => setPick({ ...pick, b: Number(event.target.value) || undefined })}
          >
            <option value="">{a ? 'Choose…' : 'First choose one'}</option>
            {choicesB.map((row) => (
              <option key={row.id} value={row.id}>
                {entryName(row)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {a && b && diff.length === 0 && <p className="muted">The two configs are the same.</p>}
      {a && b && diff.length > 0 && (
        <table className="diff-table" aria-label="Config differences">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">First</th>
              <th scope="col">Second</th>
            </tr>
          </thead>
          <tbody>
            {diff.map((row) => (
              <tr key={row.name}>
                <th scope="row">{row.name}</th>
                <td>{formatValue(row.a)}</td>
                <td>{formatValue(row.b)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
