import type { z } from 'zod'
import { AnalysisRange, type AnalyzerName, type CachedAnalysis } from '../../../../shared/contract'
import { ANALYZER_CONFIGS } from '../../../../shared/contract/analyzer-configs'

/** The analyzers in the order the run form offers them, with their config schemas. */
export const ANALYZERS = ANALYZER_CONFIGS

/** One config field as the run form shows it: the schema's default and bounds. */
export interface ConfigField {
  name: string
  label: string
  defaultValue: number
  min: number | null
  max: number | null
}

// Words for people; the units are those the contract's field docs give.
const FIELD_LABELS: Record<string, string> = {
  threshold: 'Scene score (0–1)',
  minShotDuration: 'Shortest shot (s)',
  noiseDb: 'Noise level (dB)',
  minDuration: 'Shortest stretch (s)',
  pictureThreshold: 'Black share of frame (0–1)',
  pixelThreshold: 'Black pixel level (0–1)',
  marginLu: 'Loud above average (LU)',
}

/** The config fields of an analyzer, read from its contract schema (defaults and bounds included). */
export function configFields(analyzer: AnalyzerName): ConfigField[] {
  const schema = ANALYZERS[analyzer]
  const defaults = schema.parse({}) as Record<string, number>
  return Object.entries(schema.shape).map(([name, field]) => {
    const inner = (field as z.ZodDefault<z.ZodNumber>).unwrap()
    return {
      name,
      label: FIELD_LABELS[name] ?? name,
      defaultValue: defaults[name],
      min: Number.isFinite(inner.minValue) ? inner.minValue : null,
      max: Number.isFinite(inner.maxValue) ? inner.maxValue : null,
    }
  })
}

/** What is wrong with a config, field by field in the form's words; null when the contract takes it. */
export function configProblem(analyzer: AnalyzerName, config: Record<string, number>): string | null {
  const parsed = ANALYZERS[analyzer].safeParse(config)
  if (parsed.success) return null
  const bounds = new Map(configFields(analyzer).map((field) => [field.name, field]))
  return parsed.error.issues
    .map((issue) => {
      const field = bounds.get(String(issue.path[0]))
      if (!field) return issue.message
      const range = field.min !== null && field.max !== null ? `a number from ${field.min} to ${field.max}` : 'a number'
      return `${field.label} must be ${range}.`
    })
    .join(' ')
}

/** True for a name the run form knows (a plugin's row may name another analyzer, or none). */
export function isAnalyzerName(name: string | null): name is AnalyzerName {
  return name !== null && Object.hasOwn(ANALYZERS, name)
}

export type Range = z.infer<typeof AnalysisRange>

/** A row's ranges, ordered by start; a plugin's row may hold anything, so what is not a range is left out. */
export function rangesOf(analysis: Pick<CachedAnalysis, 'ranges'>): Range[] {
  if (!Array.isArray(analysis.ranges)) return []
  const ranges: Range[] = []
  for (const value of analysis.ranges) {
    const parsed = AnalysisRange.safeParse(value)
    if (parsed.success && parsed.data.end >= parsed.data.start) ranges.push(parsed.data)
  }
  return ranges.sort((a, b) => a.start - b.start)
}

/** A config as [field, value] pairs in name order; anything that is not an object has none. */
export function configEntries(config: unknown): [string, unknown][] {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return []
  return Object.entries(config).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}

/** The fields two configs disagree on (one side may lack a field: undefined), in name order. */
export function configDiff(a: unknown, b: unknown): { name: string; a: unknown; b: unknown }[] {
  const left = new Map(configEntries(a))
  const right = new Map(configEntries(b))
  const names = [...new Set([...left.keys(), ...right.keys()])].sort()
  return names
    .filter((name) => JSON.stringify(left.get(name)) !== JSON.stringify(right.get(name)))
    .map((name) => ({ name, a: left.get(name), b: right.get(name) }))
}

// Distinct under both themes and for the common colour blindnesses (Okabe–Ito, less yellow).
const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#56b4e9', '#e69f00', '#7a5195', '#8c6d31']
const KNOWN: Record<string, number> = { shot: 0, silence: 4, sound: 2, black: 6, freeze: 3, loud: 1 }

/** A label's colour: fixed for the labels our analyzers write, from a hash of the text for others. */
export function labelColour(label: string): string {
  if (label in KNOWN) return PALETTE[KNOWN[label]]
  let hash = 0
  for (const char of label) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  return PALETTE[hash % PALETTE.length]
}

/** Seconds as a clock figure to the hundredth: 1.2 → "0:01.20", 3725.5 → "1:02:05.50". */
export function formatSeconds(seconds: number): string {
  const hundredths = Math.round(Math.max(0, seconds) * 100)
  const whole = Math.floor(hundredths / 100)
  const pad = (n: number) => String(n).padStart(2, '0')
  const [h, m, s] = [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60]
  const clock = h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`
  return `${clock}.${pad(hundredths % 100)}`
}

/** A hash's algorithm and the first 12 hex digits: enough to tell rows apart at a glance. */
export function shortHash(hash: string): string {
  const [algo, hex] = hash.includes(':') ? hash.split(':', 2) : ['', hash]
  return `${algo ? `${algo}:` : ''}${hex.slice(0, 12)}${hex.length > 12 ? '…' : ''}`
}

/** How a config value reads: numbers and text as they are, anything else as JSON, a missing one as "—". */
export function formatValue(value: unknown): string {
  if (value === undefined) return '—'
  return typeof value === 'string' ? value : JSON.stringify(value)
}

// Units our analyzers put at the end of a metadata key (integratedLufs, silentSeconds…).
const UNITS: Array<[string, string]> = [
  ['Lufs', 'LUFS'],
  ['Dbfs', 'dBFS'],
  ['Lu', 'LU'],
  ['Seconds', 's'],
]

/**
 * What an analysis found besides its ranges, read from its metadata for people: numbers with the
 * unit their key names ("integrated 23.0 LUFS" from integratedLufs), lists by their length; the
 * analyzer and config, shown elsewhere, and nested objects are left out.
 */
export function findingsOf(metadata: unknown): { label: string; value: string }[] {
  return configEntries(metadata).flatMap(([key, value]) => {
    if (key === 'analyzer' || key === 'config') return []
    const [suffix, unit] = UNITS.find(([end]) => key.endsWith(end) && key.length > end.length) ?? ['', '']
    const label = key
      .slice(0, key.length - suffix.length)
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase()
    if (typeof value === 'number') {
      const shown = Number.isInteger(value) ? String(value) : value.toFixed(unit ? 1 : 2)
      return [{ label, value: unit ? `${shown} ${unit}` : shown }]
    }
    if (typeof value === 'string' || typeof value === 'boolean') return [{ label, value: String(value) }]
    if (Array.isArray(value)) return [{ label, value: String(value.length) }]
    return []
  })
}
