import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { useOpenLibrary } from './LibraryLink'
import { formatMeasure, measureAxis, TOOLTIP_PROPS, type Measure } from './measure'

const ROW_HEIGHT = 26
const AXIS_HEIGHT = 30

/** One bar: its label, value, and the library link it opens, if any. */
export interface BarRow {
  key: string
  label: string
  value: number
  href?: string
}

/**
 * Horizontal bars, one per row, as wide as their container (recharts' ResponsiveContainer follows
 * resizes). A bar with a link opens it when clicked; the table beside the chart carries the same
 * links for the keyboard and screen readers, so the chart itself is hidden from them (and recharts' own
 * keyboard layer is off: a tab stop inside hidden content reaches nothing anyone can hear).
 */
export function ChartBars({
  rows,
  measure,
  title,
  labels = true,
}: {
  rows: readonly BarRow[]
  measure: Measure
  title: string
  /** Draw the row labels (off for a second chart beside one that has them). */
  labels?: boolean
}) {
  const open = useOpenLibrary()
  const longest = rows.reduce((most, row) => Math.max(most, row.label.length), 0)
  const labelWidth = Math.min(160, Math.max(48, longest * 7.5 + 10))
  return (
    <div className="stats-chart" aria-hidden="true" data-measure={measure}>
      <div className="stats-chart-title">{title}</div>
      <ResponsiveContainer width="100%" height={rows.length * ROW_HEIGHT + AXIS_HEIGHT}>
        <BarChart
          accessibilityLayer={false}
          data={[...rows]}
          layout="vertical"
          margin={{ top: 4, right: 16, bottom: 4, left: 4 }}
        >
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="value"
            {...measureAxis(measure, Math.max(0, ...rows.map((row) => row.value)))}
          />
          <YAxis
            type="category"
            dataKey="label"
            width={labels ? labelWidth : 0}
            tick={labels ? { fontSize: 12 } : false}
            interval={0}
          />
          <Tooltip
            cursor={{ fillOpacity: 0.15 }}
            {...TOOLTIP_PROPS}
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
