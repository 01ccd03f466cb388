import { useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { ExternalCaches } from '../../../../shared/contract'
import { api } from '../../api/index'
import { plural } from '../../format'
import { useAppStore } from '../../app/use-app-store'
import { useDebouncedValue } from '../../ui/use-debounced-value'
import { AnalysesTabs } from './AnalysesTabs'
import { AnalysisCacheRow, ProcessingCacheRow, type RowContext } from './PluginCacheRows'
import { PluginRowsAdopt } from './PluginRowsAdopt'
import {
  adoptionGroups,
  fileName,
  filterAnalyses,
  filterProcessing,
  linkedAssets,
  pathProblem,
  type CacheFilter,
  type MatchFilter,
} from './plugin-caches-view'
import { useAssetNames, usePluginCaches } from './use-plugin-caches'

// Rows rendered per section before "Show more": a plugin's file may hold 5,000 of each.
const PAGE = 200

/**
 * The Plugin caches page (`#/analyses/caches?db=<path>`): a plugin's SQLite file opened read only,
 * its analyses and processing runs matched to library assets.
 */
export function PluginCachesPage() {
  const { db, setDb } = useAppStore(useShallow((s) => ({ db: s.cachesDb, setDb: s.setCachesDb })))
  const [attempt, setAttempt] = useState(0)
  const opened = usePluginCaches(db, attempt)
  // The path as typed; a link or Back that brings another path replaces it (derived state, as in AnalysesPage).
  const [typed, setTyped] = useState({ text: db, from: db, problem: null as string | null })
  if (typed.from !== db) setTyped({ text: db, from: db, problem: null })
  const error = typed.problem ?? (typed.text.trim() === db ? opened.error : null)

  const open = (path: string) => {
    const trimmed = path.trim()
    if (trimmed === '') return
    const problem = pathProblem(trimmed)
    setTyped({ text: trimmed, from: db, problem })
    if (problem) return
    if (trimmed === db) setAttempt(attempt + 1)
    else setDb(trimmed)
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    open(typed.text)
  }

  return (
    <section className="analyses-page caches-page" aria-labelledby="caches-title" aria-busy={opened.loading}>
      <h1 id="caches-title">Plugin caches</h1>
      <AnalysesTabs current="caches" />
      <p className="muted caches-intro">
        Open an analysis plugin’s SQLite file (with analysis_jobs or processing_jobs tables) read only, and see which of
        its rows are about files in this library.
      </p>
      <form className="caches-open" onSubmit={submit} aria-label="Open a plugin database">
        <label className="caches-path">
          Path to a plugin’s SQLite file
          <input
            type="text"
            value={typed.text}
            spellCheck={false}
            placeholder="/path/to/plugin/media_plugin.db"
            aria-invalid={error !== null}
            aria-describedby={error ? 'caches-error' : undefined}
            onChange={(event) => setTyped({ text: event.target.value, from: db, problem: null })}
          />
        </label>
        <div className="caches-buttons">
          <button type="submit" className="primary" disabled={typed.text.trim() === '' || opened.loading}>
            Open
          </button>
          <ChooseFile onPath={open} />
        </div>
        {error && (
          <p className="error caches-error" id="caches-error" role="alert">
            {error}
          </p>
        )}
        {opened.recent.length > 0 && (
          <div className="caches-recent">
            <span className="muted">Recent:</span>
            {opened.recent.map((path) => (
              <button key={path} type="button" className="link-button" title={path} onClick={() => open(path)}>
                {fileName(path)}
              </button>
            ))}
          </div>
        )}
      </form>
      {opened.loading && (
        <p className="muted" role="status">
          Reading {fileName(db)}…
        </p>
      )}
      {opened.caches && <OpenedFile key={`${attempt}:${db}`} database={db} caches={opened.caches} />}
    </section>
  )
}

/** "Choose file…" where the host can read a picked file by its path (Electron); nothing elsewhere. */
function ChooseFile({ onPath }: { onPath: (path: string) => void }) {
  const input = useRef<HTMLInputElement>(null)
  const pathOfFile = api.pathOfFile
  if (!pathOfFile) return null
  return (
    <>
      <button type="button" onClick={() => input.current?.click()}>
        Choose file…
      </button>
      <input
        ref={input}
        type="file"
        hidden
        onChange={(event) => {
          const file = event.target.files?.[0]
          const path = file ? pathOfFile(file) : ''
          event.target.value = ''
          if (path) onPath(path)
        }}
      />
    </>
  )
}

function OpenedFile({ database, caches }: { database: string; caches: ExternalCaches }) {
  const [text, setText] = useState('')
  const [match, setMatch] = useState<MatchFilter>('all')
  const settled = useDebouncedValue(text, 200)
  const filter: CacheFilter = useMemo(() => ({ text: settled, match }), [settled, match])
  const analyses = useMemo(() => filterAnalyses(caches.analyses, filter), [caches, filter])
  const processing = useMemo(() => filterProcessing(caches.processing, filter), [caches, filter])
  const [shown, setShown] = useState({ analyses: PAGE, processing: PAGE, filter })
  // A new filter starts each list at its first page again.
  const limits = shown.filter === filter ? shown : { analyses: PAGE, processing: PAGE, filter }
  const visible = {
    analyses: useMemo(() => analyses.slice(0, limits.analyses), [analyses, limits.analyses]),
    processing: useMemo(() => processing.slice(0, limits.processing), [processing, limits.processing]),
  }
  const groups = useMemo(() => adoptionGroups(caches.analyses), [caches])
  const ids = useMemo(
    () => [
      ...new Set([...groups.map((group) => group.assetId), ...linkedAssets(visible.analyses, visible.processing)]),
    ],
    [groups, visible.analyses, visible.processing],
  )
  const context: RowContext = { names: useAssetNames(ids) }

  return (
    <>
      <PluginRowsAdopt database={database} groups={groups} names={context.names} />
      <form className="analyses-filters" aria-label="Filter cache rows" onSubmit={(event) => event.preventDefault()}>
        <label className="run-field">
          Filter
          <input
            type="search"
            value={text}
            maxLength={200}
            placeholder="path, label, analyzer, action"
            onChange={(event) => setText(event.target.value)}
          />
        </label>
        <label className="run-field">
          Match
          <select value={match} onChange={(event) => setMatch(event.target.value as MatchFilter)}>
            <option value="all">All</option>
            <option value="in-library">In library</option>
            <option value="not-in-library">Not in library</option>
          </select>
        </label>
      </form>
      <CacheSection
        title="Analyses"
        columns={['File', 'Analyzer', 'Config hash', 'File hash', 'Created', 'Ranges', 'Match']}
        total={caches.analyses.length}
        matching={analyses.length}
        truncated={caches.truncated.analyses}
        shown={visible.analyses.length}
        onMore={() => setShown({ ...limits, analyses: limits.analyses + PAGE })}
      >
        {visible.analyses.map((row) => (
          <AnalysisCacheRow key={row.id} row={row} context={context} />
        ))}
      </CacheSection>
      <CacheSection
        title="Processing"
        columns={['Action', 'Input', 'Output', 'Created']}
        total={caches.processing.length}
        matching={processing.length}
        truncated={caches.truncated.processing}
        shown={visible.processing.length}
        onMore={() => setShown({ ...limits, processing: limits.processing + PAGE })}
      >
        {visible.processing.map((row) => (
          <ProcessingCacheRow key={row.id} row={row} context={context} />
        ))}
      </CacheSection>
    </>
  )
}

function CacheSection(props: {
  title: 'Analyses' | 'Processing'
  /** Column names over the rows (wide windows; narrow ones name each fact in its row). */
  columns: string[]
  total: number
  matching: number
  truncated: boolean
  shown: number
  onMore(): void
  children: ReactNode
}) {
  const id = `caches-${props.title.toLowerCase()}`
  const what = props.title.toLowerCase()
  return (
    <section className="caches-section" aria-labelledby={id}>
      <h2 id={id}>
        {props.title} ({props.total.toLocaleString()}
        {props.truncated ? '+' : ''})
      </h2>
      {props.truncated && (
        <p className="caches-note">
          The file holds more {what} than these: only the newest {props.total.toLocaleString()} are read.
        </p>
      )}
      {props.total === 0 ? (
        <p className="muted">No {what} in this file.</p>
      ) : props.matching === 0 ? (
        <p className="muted">No {what} match the filter.</p>
      ) : (
        <ul className={`cache-rows ${what}`} aria-label={props.title}>
          <li className="cache-row cache-head" aria-hidden="true">
            <div className="cache-summary">
              {props.columns.map((name) => (
                <span key={name} className="cache-fact">
                  {name}
                </span>
              ))}
            </div>
          </li>
          {props.children}
        </ul>
      )}
      {props.matching > 0 && (
        <div className="analyses-more">
          <span className="muted">
            {props.shown.toLocaleString()} of {plural(props.matching, 'row', 'rows')} shown
            {props.matching < props.total ? ` (${props.total.toLocaleString()} in the file)` : ''}
          </span>
          {props.shown < props.matching && (
            <button type="button" onClick={props.onMore}>
              Show {Math.min(PAGE, props.matching - props.shown)} more
            </button>
          )}
        </div>
      )}
    </section>
  )
}
