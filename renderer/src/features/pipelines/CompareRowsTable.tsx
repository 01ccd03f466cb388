import type { CheckpointComparison } from '../../../../shared/contract'
import { CompareTableFrame } from './CompareTableFrame'
import { ROW_GROUPS, rowsOf, unlikeFirst, valueText } from './compare-values'

/**
 * The checkpoints in columns and, in three groups (effective config, stats, cache keys), the rows that differ
 * (or all of them); a value unlike the first column's is marked.
 */
export function CompareRowsTable({ comparison, all }: { comparison: CheckpointComparison; all: boolean }) {
  const { checkpoints, rows } = comparison
  const span = checkpoints.length + 1
  return (
    <CompareTableFrame label="Checkpoints compared" corner={all ? 'Everything' : 'What differs'} nodes={checkpoints}>
      {ROW_GROUPS.map(({ prefix, title }) => {
        const group = rowsOf(rows, prefix)
        return (
          <tbody key={prefix}>
            <tr className="pl-group">
              <th scope="rowgroup" colSpan={span}>
                {title}
              </th>
            </tr>
            {group.length === 0 && (
              <tr>
                <td colSpan={span} className="muted">
                  {all ? 'None.' : 'The same in every checkpoint.'}
                </td>
              </tr>
            )}
            {group.map(({ name, row }) => {
              const changed = unlikeFirst(row.values)
              return (
                <tr key={row.path} className={row.differs ? 'pl-differs' : undefined}>
                  <th scope="row">
                    {name}
                    {all && row.differs && <span className="visually-hidden"> (differs)</span>}
                  </th>
                  {row.values.map((value, index) => {
                    const { text, full } = valueText(value)
                    return (
                      <td key={checkpoints[index].id} className="pl-value" title={full}>
                        {changed[index] ? <mark>{text}</mark> : text}
                      </td>
                    )
                  })}
                </tr>
              )
            })}
          </tbody>
        )
      })}
    </CompareTableFrame>
  )
}
