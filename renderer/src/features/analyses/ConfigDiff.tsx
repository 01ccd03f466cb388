import { configDiff, formatValue } from './analysis-view'

/** The settings two configs of one analyzer differ in, side by side; a line when they are the same. */
export function ConfigDiff({ a, b }: { a: unknown; b: unknown }) {
  const diff = configDiff(a, b)
  if (diff.length === 0) return <p className="muted">The two configs are the same.</p>
  return (
    <table className="diff-table" aria-label="Config differences">
      <thead>
        <tr>
          <th scope="col">Setting</th>
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
  )
}
