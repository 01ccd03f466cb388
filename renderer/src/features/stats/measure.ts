import { formatBytes } from '../../format'

export type Measure = 'count' | 'bytes'

/** Which measures the charts draw: assets, bytes, or both side by side. */
export type Shown = Measure | 'both'

/** The measures drawn for a choice, in order. */
export const MEASURES: Record<Shown, Measure[]> = { count: ['count'], bytes: ['bytes'], both: ['count', 'bytes'] }

/** How a measure's figures read on axes and in tooltips. */
export function formatMeasure(measure: Measure, value: number): string {
  return measure === 'bytes' ? formatBytes(value) : value.toLocaleString()
}

/** An axis tick: like formatMeasure without a trailing ".0" ("200 MiB"). */
export function formatTick(measure: Measure, value: number): string {
  return formatMeasure(measure, value).replace(/\.0 /, ' ')
}

/**
 * Round ticks for a bytes axis up to `max`: steps of 1, 2 or 5 times a power of ten in the unit
 * the figures are read in (0, 200 MiB, 400 MiB, 600 MiB), where recharts' own decimal steps
 * would read 143.1 MiB, 572.2 MiB. Undefined for an empty axis.
 */
export function byteTicks(max: number, count = 3): number[] | undefined {
  if (!(max > 0)) return undefined
  let unit = 1
  while (max / unit >= 1024 && unit < 1024 ** 4) unit *= 1024
  const raw = max / unit / count
  const power = 10 ** Math.floor(Math.log10(raw))
  const step = Math.max(1, ([1, 2, 5, 10].find((times) => times * power >= raw) ?? 10) * power * unit)
  const ticks = [0]
  while (ticks.at(-1)! < max) ticks.push(ticks.length * step)
  return ticks
}

/** Axis props of a measure: bytes get round ticks and a domain ending on the last one. */
export function measureAxis(measure: Measure, max: number) {
  const ticks = measure === 'bytes' ? byteTicks(max) : undefined
  return {
    allowDecimals: false,
    tickFormatter: (value: number) => formatTick(measure, value),
    tick: { fontSize: 11 },
    ...(ticks && { ticks, domain: [0, ticks.at(-1)!] }),
  }
}

/** Tooltip colours from the theme (recharts writes its own inline: dark text on a dark panel). */
export const TOOLTIP_PROPS = {
  contentStyle: { background: 'var(--panel)', borderColor: 'var(--border)', borderRadius: 6 },
  labelStyle: { color: 'var(--text)', fontWeight: 600 },
  itemStyle: { color: 'var(--text)' },
  separator: ': ',
} as const
