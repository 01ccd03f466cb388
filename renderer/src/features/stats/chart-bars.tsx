import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { formatBytes } from '../../format'
import { useOpenLibrary } from './LibraryLink'

/** One bar: its label, value, and the library link it opens, if any. */
export interface BarRow {
  key: string
  label: string
  value: number
  href?: string
}

export type Measure = 'count' | 'bytes'

/** Which measures the charts draw: assets, bytes, or both side by side. */
export type Shown = Measure | 'both'

/** The measures drawn for a choice, in order. */
export const MEASURES: Record<Shown, Measure[]> = { count: ['count'], bytes: ['bytes'], both: ['count', 'bytes'] }

const ROW_HEIGHT = 26
const AXIS_HEIGHT = 30

/** How a measure's figures read on axes and in tooltips. */
export function formatMeasure(measure: Measure, value: number): string {
  return measure === 'bytes' ? formatBytes(value) : value.toLocaleString()
}

/**
 * Horizontal bars, one per row, as wide as their container (recharts' ResponsiveContainer follows
 * resizes). A bar with a link opens it when clicked; the table beside the chart carries the same
 * links for the keyboard and screen readers, so the chart itself is hidden from them.
 */
export function ChartBars({ rows, measure, title }: { rows: readonly BarRow[]; measure: Measure; title: string }) {
  const open = useOpenLibrary()
  const longest = rows.reduce((most, row) => Math.max(most, row.label.length), 0)
  const labelWidth = Math.min(160, Math.max(48, longest * 7.5 + 10))
  return (
    <div className="stats-chart" aria-hidden="true" data-measure={measure}>
      <div className="stats-chart-title">{title}</div>
      <ResponsiveContainer width="100%" height={rows.length * ROW_HEIGHT + AXIS_HEIGHT}>
        <BarChart data={[...rows]} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="value"
            allowDecimals={false}
            tickFormatter={(value: number) => formatMeasure(measure, value)}
            tick={{ fontSize: 11 }}
          />
          <YAxis type="category" dataKey="label" width={labelWidth} tick={{ fontSize: 12 }} interval={0} />
          <Tooltip
            cursor={{ fillOpacity: 0.15 }}
            formatter={(value) => [formatMeasure(measure, Number(value)), measure === 'bytes' ? 'Size' : 'Assets']}
          />
          <Bar
            dataKey="value"
            className="stats-bar"
            isAnimationActive={false}
            onClick={(_data, index) => {
              const href = rows[index]?.href
              if (href) open(href)
            }}
          >
            {rows.map((row) => (
              <Cell key={row.key} className={row.href ? 'stats-bar-link' : undefined} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  )
}
