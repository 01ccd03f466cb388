import type { z } from 'zod'
import { ANALYZER_CONFIGS } from './contract/analyzer-configs'

/** What naming a cached analysis reads of it (a `CachedAnalysis` has all of it). */
export interface LabelledAnalysis {
  id: number
  analyzer: string | null
  config: unknown
  valid: boolean
  /** Unix seconds. */
  createdAt: number
  metadata?: unknown
}

// Each config field in a person's words, with the unit the contract's field docs give.
const FIELD_WORDS: Record<string, { word: string; unit: string }> = {
  threshold: { word: 'threshold', unit: '' },
  minShotDuration: { word: 'min shot', unit: ' s' },
  noiseDb: { word: 'noise', unit: ' dB' },
  minDuration: { word: 'min', unit: ' s' },
  pictureThreshold: { word: 'black share', unit: '' },
  pixelThreshold: { word: 'pixel level', unit: '' },
  marginLu: { word: 'margin', unit: ' LU' },
}

/** A number as people write it: at most three decimals, no trailing zeros, a true minus sign (−40). */
export function formatSetting(value: number): string {
  if (!Number.isFinite(value)) return String(value)
  const rounded = Number(value.toFixed(3))
  return (Object.is(rounded, -0) ? '0' : String(rounded)).replace('-', '−')
}

/** An analyzer's name as a title: "scenes" → "Scenes", a plugin's "shot_detect" → "Shot detect". */
export function analyzerTitle(analyzer: string | null): string {
  if (!analyzer) return 'Unnamed analysis'
  const words = analyzer.replace(/[_-]+/g, ' ').trim()
  return words ? words[0].toUpperCase() + words.slice(1) : analyzer
}

/**
 * An analysis named by its analyzer and the settings that differ from that analyzer's defaults:
 * "Scenes · threshold 0.4", "Silence · noise −40 dB, min 1 s", "Scenes (defaults)". A plugin's analyzer
 * (no known defaults) lists every setting it recorded; `notes` go in the brackets.
 */
export function analysisLabel(analyzer: string | null, config: unknown, notes: string[] = []): string {
  const schema = analyzer !== null && Object.hasOwn(ANALYZER_CONFIGS, analyzer) ? schemaOf(analyzer) : null
  const recorded = isRecord(config)
  const settings = recorded ? settingsApart(schema, config) : []
  const said = schema && settings.length === 0 ? [recorded ? 'defaults' : 'settings not recorded'] : []
  const brackets = [...said, ...notes]
  const shown = settings.length > 0 ? ` · ${settings.join(', ')}` : ''
  return `${analyzerTitle(analyzer)}${shown}${brackets.length > 0 ? ` (${brackets.join(', ')})` : ''}`
}

/**
 * The labels of one file's analyses by id. Entries that would read the same (same settings, a stale
 * row beside its fresh one, another analyzer version) are told apart by what differs among them: stale,
 * the recorded version, when they ran, and only when all of that is equal, their row number.
 */
export function analysisLabels(rows: LabelledAnalysis[]): Map<number, string> {
  const groups = new Map<string, LabelledAnalysis[]>()
  for (const row of rows) {
    const base = analysisLabel(row.analyzer, row.config)
    groups.set(base, [...(groups.get(base) ?? []), row])
  }
  const labels = new Map<number, string>()
  for (const group of groups.values()) {
    const notes = tellingApart(group)
    for (const row of group) labels.set(row.id, analysisLabel(row.analyzer, row.config, notes.get(row.id)))
  }
  return labels
}

type Note = (row: LabelledAnalysis) => string | null

// What may tell two rows apart, in the order it is said; the row number always does.
const NOTES: Note[] = [
  (row) => (row.valid ? null : 'stale'),
  (row) => {
    const version = isRecord(row.metadata) ? row.metadata.version : undefined
    return typeof version === 'number' || typeof version === 'string' ? `version ${version}` : null
  },
  (row) => `run ${runTime(row.createdAt)}`,
  (row) => `#${row.id}`,
]

/**
 * Notes that tell a group's rows apart: the first note (from `from`, in NOTES order) on which they differ
 * splits them, and only the rows that still read the same get the next one.
 */
function tellingApart(group: LabelledAnalysis[], from = 0): Map<number, string[]> {
  const notes = new Map<number, string[]>(group.map((row) => [row.id, []]))
  const at = NOTES.findIndex((note, index) => index >= from && new Set(group.map((row) => note(row))).size > 1)
  if (group.length < 2 || at < 0) return notes
  const split = new Map<string | null, LabelledAnalysis[]>()
  for (const row of group) split.set(NOTES[at](row), [...(split.get(NOTES[at](row)) ?? []), row])
  for (const [note, rows] of split) {
    for (const [id, more] of tellingApart(rows, at + 1)) notes.set(id, note === null ? more : [note, ...more])
  }
  return notes
}

/** Local time to the minute, as "2025-03-04 14:05". */
function runTime(unixSeconds: number): string {
  const at = new Date(unixSeconds * 1000)
  const pad = (n: number) => String(n).padStart(2, '0')
  const day = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`
  return `${day} ${pad(at.getHours())}:${pad(at.getMinutes())}`
}

function schemaOf(analyzer: string): z.ZodObject {
  return ANALYZER_CONFIGS[analyzer as keyof typeof ANALYZER_CONFIGS]
}

/** The settings of a config that are not the schema's defaults (all of them without a schema), in words. */
function settingsApart(schema: z.ZodObject | null, config: Record<string, unknown>): string[] {
  const defaults = (schema?.parse({}) ?? {}) as Record<string, unknown>
  const known = schema ? Object.keys(schema.shape) : []
  const others = Object.keys(config)
    .filter((name) => !known.includes(name))
    .sort()
  return [...known, ...others]
    .filter((name) => name in config && !sameValue(config[name], defaults[name]))
    .map((name) => settingWords(name, config[name], schema !== null))
}

function settingWords(name: string, value: unknown, known: boolean): string {
  const words = known ? FIELD_WORDS[name] : undefined
  const word = words?.word ?? name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()
  const shown =
    typeof value === 'number' ? formatSetting(value) : typeof value === 'string' ? value : JSON.stringify(value)
  return `${word} ${shown}${typeof value === 'number' ? (words?.unit ?? '') : ''}`
}

/** True for a recorded value that reads as the default (0.30000000000000004 is 0.3). */
function sameValue(value: unknown, fallback: unknown): boolean {
  if (typeof value === 'number' && typeof fallback === 'number') return formatSetting(value) === formatSetting(fallback)
  return fallback !== undefined && JSON.stringify(value) === JSON.stringify(fallback)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
