import { AbsolutePath, type AdoptedRows, type ExternalCaches } from '../../../../shared/contract'
import { recordedAnalyzer } from '../../../../shared/contract/cache-rows'
import { plural } from '../../format'
import { rangesOf } from './analysis-view'

/** An analysis_jobs row of a plugin's database, with the library asset it names. */
export type CacheAnalysis = ExternalCaches['analyses'][number]
/** A processing_jobs row of a plugin's database, each side with the library asset it names. */
export type CacheProcessing = ExternalCaches['processing'][number]
type Matched = CacheProcessing['input']

/** How a cached file relates to the library. */
export type Match =
  { kind: 'in-library'; assetId: string } | { kind: 'same-content'; assetId: string } | { kind: 'none'; assetId: null }

/** Which rows the match filter keeps. */
export type MatchFilter = 'all' | 'in-library' | 'not-in-library'

/** The page's filters: text over path, label, analyzer and action; and the match. */
export interface CacheFilter {
  text: string
  match: MatchFilter
}

/** The library asset at the row's path with its content, else one holding its content elsewhere, else none. */
export function matchOf(matched: Matched): Match {
  if (matched.assetId) return { kind: 'in-library', assetId: matched.assetId }
  if (matched.sameContentAssetId) return { kind: 'same-content', assetId: matched.sameContentAssetId }
  return { kind: 'none', assetId: null }
}

/** The match in words; `name` is the asset's name once known (its id meanwhile). */
export function matchLabel(match: Match, name?: string): string {
  if (match.kind === 'in-library') return 'In library'
  if (match.kind === 'same-content') return `Same content as ${name ?? match.assetId}`
  return 'Not in library'
}

/** The last part of a path, either separator (a plugin may have run on Windows). */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() || path
}

/** The analyzer a row's metadata names, or null when it names none. */
export function analyzerOf(row: Pick<CacheAnalysis, 'metadata'>): string | null {
  return recordedAnalyzer(row.metadata)
}

const newestFirst = <R extends { createdAt: number; id: number }>(a: R, b: R) =>
  b.createdAt - a.createdAt || b.id - a.id

const kept = (matches: Match[], filter: MatchFilter) =>
  filter === 'all' || matches.some((match) => match.kind !== 'none') === (filter === 'in-library')

const hasText = (needle: string, values: (string | null)[]) =>
  needle === '' || values.some((value) => value !== null && value.toLowerCase().includes(needle))

/**
 * The analysis rows a filter keeps, newest first. The text matches the path, the analyzer or a
 * range's label; "in library" keeps rows whose content the library holds (at their path or not).
 */
export function filterAnalyses(rows: readonly CacheAnalysis[], filter: CacheFilter): CacheAnalysis[] {
  const needle = filter.text.trim().toLowerCase()
  return rows
    .filter(
      (row) =>
        kept([matchOf(row)], filter.match) &&
        hasText(needle, [row.filePath, analyzerOf(row), ...rangesOf(row).map((range) => range.label)]),
    )
    .sort(newestFirst)
}

/**
 * The processing rows a filter keeps, newest first. The text matches the action or either path;
 * "in library" keeps rows whose input or output the library holds.
 */
export function filterProcessing(rows: readonly CacheProcessing[], filter: CacheFilter): CacheProcessing[] {
  const needle = filter.text.trim().toLowerCase()
  return rows
    .filter(
      (row) =>
        kept([matchOf(row.input), matchOf(row.output)], filter.match) &&
        hasText(needle, [row.action, row.inputPath, row.outputPath]),
    )
    .sort(newestFirst)
}

/** The assets a set of rows links to, each once (whose names the page shows). */
export function linkedAssets(analyses: readonly CacheAnalysis[], processing: readonly CacheProcessing[]): string[] {
  const ids = new Set<string>()
  for (const row of analyses) if (row.sameContentAssetId) ids.add(row.sameContentAssetId)
  for (const row of processing) {
    for (const side of [row.input, row.output]) if (side.sameContentAssetId) ids.add(side.sameContentAssetId)
  }
  return [...ids]
}

/** A library asset and the analysis rows of a plugin's file made from its content (at its path or another). */
export interface AdoptionGroup {
  assetId: string
  rowIds: number[]
}

/** The rows that could be brought onto each asset, grouped by asset in the order the rows come (newest first). */
export function adoptionGroups(rows: readonly CacheAnalysis[]): AdoptionGroup[] {
  const groups = new Map<string, number[]>()
  for (const row of rows) {
    if (!row.sameContentAssetId) continue
    const ids = groups.get(row.sameContentAssetId) ?? []
    ids.push(row.id)
    groups.set(row.sameContentAssetId, ids)
  }
  return [...groups].map(([assetId, rowIds]) => ({ assetId, rowIds }))
}

/** What bringing rows did, in one line: "3 analyses copied; 1 already there; 1 conflict." or "Nothing copied; 4 already there." */
export function adoptionSummary(result: AdoptedRows): string {
  const parts = [
    result.copied.length > 0 ? `${plural(result.copied.length, 'analysis', 'analyses')} copied` : 'Nothing copied',
    result.alreadyThere.length > 0 && `${result.alreadyThere.length.toLocaleString()} already there`,
    result.conflicts.length > 0 && plural(result.conflicts.length, 'conflict', 'conflicts'),
  ].filter((part): part is string => part !== false)
  const none = result.copied.length + result.alreadyThere.length + result.conflicts.length === 0
  return none ? `No analyses in the file are about ${result.assetName}.` : `${parts.join('; ')}.`
}

/** Why a typed path cannot be opened (the contract's check, asked before the backend is), or null. */
export function pathProblem(path: string): string | null {
  const issue = AbsolutePath.safeParse(path.trim()).error?.issues[0]
  return issue ? `${issue.message} Type the file's whole path, such as /home/you/plugin/media_plugin.db.` : null
}

/** The recently opened paths with `path` first, each once, at most `max`. */
export function rememberPath(recent: readonly string[], path: string, max = 5): string[] {
  return [path, ...recent.filter((known) => known !== path)].slice(0, max)
}

/** A JSON value as people read it: indented, or "—" when there is none. */
export function formatJson(value: unknown): string {
  if (value === null || value === undefined) return '—'
  return JSON.stringify(value, null, 2)
}
