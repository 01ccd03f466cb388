import type { ReactNode } from 'react'
import { formatBytes } from '../../format'

/**
 * A table row of a group's assets and size, or the total line. The exact figures ride along as
 * data attributes (the shown size is rounded) for scripts and tests that add the rows up.
 */
export function FigureRow({
  id,
  label,
  count,
  bytes,
  total = false,
}: {
  id?: string
  label: ReactNode
  count: number
  bytes?: number
  total?: boolean
}) {
  return (
    <tr
      data-testid={total ? 'stats-total' : 'stats-row'}
      data-key={id}
      data-count={count}
      data-bytes={bytes}
      className={total ? 'stats-total' : undefined}
    >
      <th scope="row">{label}</th>
      <td className="number">{count.toLocaleString()}</td>
      {bytes !== undefined && (
        <td className="number" title={`${bytes.toLocaleString()} bytes`}>
          {formatBytes(bytes)}
        </td>
      )}
    </tr>
  )
}
