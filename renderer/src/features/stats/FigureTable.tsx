import type { ReactNode } from 'react'
import { FigureRow } from './FigureRow'

/** One row of a figure table: a group's key (its data-key), label, asset count and bytes. */
export type FigureTableRow = { key: string; label: ReactNode; count: number; bytes: number }

/**
 * A table of groups' assets and size with the total they add up to in its last line: a chart's
 * accessible form and its legend.
 */
export function FigureTable({
  testId,
  caption,
  heading,
  rows,
  totalLabel,
  total,
}: {
  testId: string
  caption: string
  /** The first column's heading: what the rows are groups of. */
  heading: string
  rows: readonly FigureTableRow[]
  totalLabel: string
  total: { count: number; bytes: number }
}) {
  return (
    <table className="stats-table" data-testid={testId}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{heading}</th>
          <th scope="col" className="number">
            Assets
          </th>
          <th scope="col" className="number">
            Size
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <FigureRow key={row.key} id={row.key} label={row.label} count={row.count} bytes={row.bytes} />
        ))}
      </tbody>
      <tfoot>
        <FigureRow total label={totalLabel} count={total.count} bytes={total.bytes} />
      </tfoot>
    </table>
  )
}
