import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { LibraryStats } from '../../../../shared/contract'
import { formatMeasure, MEASURES, measureAxis, TOOLTIP_PROPS, type Shown } from './measure'
import { FigureTable } from './FigureTable'
import { bucketTotals } from './stats-links'

type Day = LibraryStats['importsPerDay'][number]

// Days are UTC dates: read them in UTC, or a day would show as its neighbour west of Greenwich.
const dayLabel = (date: string) =>
  new Date(`${date}T00:00:00Z`).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' })

/** Assets imported per day over the last days (one column each), and a table of the days that had imports. */
export function ImportsCard({ days, shown }: { days: readonly Day[]; shown: Shown }) {
  const total = bucketTotals(days)
  const busy = days.filter((day) => day.count > 0).reverse()
  return (
    <figure className="stats-card stats-wide" data-testid="stats-card-imports" aria-labelledby="stats-imports-title">
      <h2 id="stats-imports-title">Imports per day (last {days.length} days, UTC)</h2>
      {total.count === 0 ? (
        <p className="empty">No imports in the last {days.length} days.</p>
      ) : (
        <div className="stats-measures">
          {MEASURES[shown].map((measure) => (
            <div key={measure} className="stats-chart" aria-hidden="true" data-measure={measure}>
              <div className="stats-chart-title">{measure === 'count' ? 'Assets' : 'Size'}</div>
              <ResponsiveContainer width="100%" height={180}>
                {/* Hidden from screen readers as the bucket charts are: no keyboard layer (see chart-bars). */}
                <BarChart accessibilityLayer={false} data={[...days]} margin={{ top: 4, right: 8, bottom: 4, left: 4 }}>
                  <CartesianGrid vertical={false} strokeDasharray="3 3" />
                  <XAxis dataKey="date" tickFormatter={dayLabel} minTickGap={24} tick={{ fontSize: 11 }} />
                  <YAxis
                    width={measure === 'bytes' ? 64 : 40}
                    {...measureAxis(measure, Math.max(0, ...days.map((day) => day[measure])))}
                  />
                  <Tooltip
                    {...TOOLTIP_PROPS}
                    labelFormatter={(date) => dayLabel(String(date))}
                    formatter={(value) => [
                      formatMeasure(measure, Number(value)),
                      measure === 'bytes' ? 'Size' : 'Assets',
                    ]}
                  />
                  <Bar dataKey={measure} className="stats-bar" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          ))}
        </div>
      )}
      <div className="stats-table-scroll">
        <FigureTable
          testId="stats-table-imports"
          caption="Assets imported per day, days with imports, newest first"
          heading="Day"
          rows={busy.map((day) => ({
            key: day.date,
            label: <time dateTime={day.date}>{dayLabel(day.date)}</time>,
            count: day.count,
            bytes: day.bytes,
          }))}
          totalLabel={`Last ${days.length} days`}
          total={total}
        />
      </div>
    </figure>
  )
}
