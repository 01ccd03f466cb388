import { useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { analysisLabel } from '../../../../shared/analysis-label'
import type { AnalyzerName, FoundAnalysis } from '../../../../shared/contract'
import { plural } from '../../format'
import { useAppStore } from '../../app/use-app-store'
import { useDebouncedValue } from '../../ui/use-debounced-value'
import { AnalysesTabs } from './AnalysesTabs'
import { ANALYZERS, labelColour, rangesOf } from './analysis-view'
import { useAnalysisSearch } from './use-analysis-search'
import { ErrorLine } from '../../ui/ErrorLine'

const NAMES = Object.keys(ANALYZERS) as AnalyzerName[]

/** The global Analyses page (`#/analyses`): the library's cached analyses, filtered by analyzer, label and staleness. */
export function AnalysesPage() {
  const { query, setQuery } = useAppStore(useShallow((s) => ({ query: s.analysesQuery, setQuery: s.setAnalysesQuery })))
  // The label as typed; the query (and the URL) follows once typing pauses. A link or Back that
  // brings another label replaces the typed text (during render, as React advises for derived state).
  const [typed, setTyped] = useState({ text: query.label, from: query.label })
  const label = typed.from === query.label || typed.text.trim() === query.label ? typed.text : query.label
  if (typed.from !== query.label) setTyped({ text: label, from: query.label })
  const setLabel = (text: string) => setTyped({ text, from: query.label })
  const settled = useDebouncedValue(label, 300)
  useEffect(() => {
    const current = useAppStore.getState().analysesQuery
    if (settled.trim() !== current.label.trim()) setQuery({ ...current, label: settled.trim() })
  }, [settled, setQuery])
  const search = useAnalysisSearch(query)
  const { rows } = search
  return (
    <section className="analyses-page" aria-labelledby="analyses-title" aria-busy={search.loading}>
      <h1 id="analyses-title">Analyses</h1>
      <AnalysesTabs current="library" />
      <form className="analyses-filters" aria-label="Filter analyses" onSubmit={(event) => event.preventDefault()}>
        <label className="run-field">
          Analyzer
          <select
            value={query.analyzer ?? ''}
            onChange={(event) => setQuery({ ...query, analyzer: (event.target.value || null) as AnalyzerName | null })}
          >
            <option value="">Any</option>
            {NAMES.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="run-field">
          Label
          <input
            type="search"
            value={label}
            maxLength={64}
            placeholder="any, e.g. shot"
            onChange={(event) => setLabel(event.target.value)}
          />
        </label>
        <label className="run-force">
          <input
            type="checkbox"
            checked={query.staleOnly}
            onChange={(event) => setQuery({ ...query, staleOnly: event.target.checked })}
          />
          Stale only
        </label>
      </form>
      {search.error && <ErrorLine>{search.error}</ErrorLine>}
      {rows === null && !search.error && <p className="muted">Loading…</p>}
      {rows?.length === 0 && !search.error && (
        <p className="empty">
          {query.analyzer || query.label || query.staleOnly
            ? `No cached analysis matches these filters${search.hasMore ? ' among the newest searched so far' : ''}.`
            : 'No cached analyses in this library yet. Run one from an asset’s page.'}
        </p>
      )}
      {rows && rows.length > 0 && <AnalysesTable rows={rows} />}
      {rows && (rows.length > 0 || search.hasMore) && (
        <div className="analyses-more">
          <span className="muted" role="status">
            {plural(rows.length, 'analysis', 'analyses')} shown
          </span>
          {search.hasMore && (
            <button type="button" onClick={search.loadMore} disabled={search.loading}>
              {search.loading ? 'Loading…' : 'Load more'}
            </button>
          )}
        </div>
      )}
    </section>
  )
}

function AnalysesTable({ rows }: { rows: FoundAnalysis[] }) {
  return (
    <div className="analyses-table-wrap">
      <table className="analyses-table" aria-label="Cached analyses">
        <thead>
          <tr>
            <th scope="col">Asset</th>
            <th scope="col">Analysis</th>
            <th scope="col">Ranges</th>
            <th scope="col">Labels</th>
            <th scope="col">State</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <Row key={row.id} row={row} />
          ))}
        </tbody>
      </table>
    </div>
  )
}

function Row({ row }: { row: FoundAnalysis }) {
  const ranges = rangesOf(row)
  const labels = new Map<string, number>()
  for (const range of ranges) labels.set(range.label, (labels.get(range.label) ?? 0) + 1)
  return (
    <tr className={row.valid ? undefined : 'stale'}>
      <td className="asset-cell" data-label="Asset">
        {row.assetId ? (
          <a href={`#/asset/${encodeURIComponent(row.assetId)}`}>{row.assetName ?? row.assetId}</a>
        ) : (
          <span className="muted" title={row.filePath}>
            {row.filePath.split(/[\\/]/).pop()} (not in the library)
          </span>
        )}
      </td>
      <td data-label="Analysis" title={`config ${row.configHash}`}>
        {analysisLabel(row.analyzer, row.config)}
      </td>
      <td className="number" data-label="Ranges">
        {ranges.length}
      </td>
      <td data-label="Labels">
        <span className="label-chips">
          {[...labels].map(([name, count]) => (
            <span key={name} className="label-chip" style={{ borderColor: labelColour(name) }}>
              <span className="label-swatch" style={{ background: labelColour(name) }} aria-hidden="true" />
              {name} ×{count}
            </span>
          ))}
        </span>
      </td>
      <td data-label="State">
        <span className={row.valid ? 'entry-state valid' : 'entry-state stale-tag'}>
          {row.valid ? 'valid' : 'stale'}
        </span>
      </td>
      <td data-label="Created">{new Date(row.createdAt * 1000).toLocaleString()}</td>
    </tr>
  )
}
