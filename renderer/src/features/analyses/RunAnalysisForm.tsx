import { useState, type FormEvent } from 'react'
import type { AnalyzerName } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import { ANALYZERS, configFields, configProblem } from './analysis-view'
import type { AnalysesView } from './use-analyses'

const NAMES = Object.keys(ANALYZERS) as AnalyzerName[]

/** Pick an analyzer, see and change its config (defaults from the contract), and run it. */
export function RunAnalysisForm({ view, hasVideo }: { view: AnalysesView; hasVideo: boolean }) {
  const [analyzer, setAnalyzer] = useState<AnalyzerName>('scenes')
  // Typed text per field, so a half-typed "0." is not rewritten under the cursor.
  const [typed, setTyped] = useState<Record<string, string>>({})
  const [force, setForce] = useState(false)
  const [busy, setBusy] = useState(false)
  const [refusal, setRefusal] = useState<ErrorShape | undefined>(undefined)
  const fields = configFields(analyzer)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const config: Record<string, number> = {}
    for (const field of fields) {
      const text = typed[`${analyzer}.${field.name}`]
      // An unreadable entry (a number input gives '' for "1e") counts as empty: the default.
      if (text !== undefined && text.trim() !== '') config[field.name] = Number(text)
    }
    // Checked here against the contract's schema: the backend's answer names the whole union of analyzers.
    const problem = configProblem(analyzer, config)
    if (problem) return setRefusal({ code: 'validation', message: problem })
    setBusy(true)
    setRefusal(await view.run(analyzer, config, force))
    setBusy(false)
  }
  // noValidate: the browser's own bubble for min/max shows in no screenshot and names no field; configProblem does.
  return (
    <form className="run-analysis" aria-label="Run an analysis" noValidate onSubmit={(event) => void submit(event)}>
      <h3>Run an analysis</h3>
      <label className="run-field">
        Analyzer
        <select
          value={analyzer}
          onChange={(event) => {
            setAnalyzer(event.target.value as AnalyzerName)
            setRefusal(undefined)
          }}
        >
          {NAMES.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      {fields.map((field) => {
        const key = `${analyzer}.${field.name}`
        const bounds = [field.min, field.max].every((bound) => bound !== null) ? `${field.min} to ${field.max}, ` : ''
        return (
          <label key={key} className="run-field">
            {field.label}
            <input
              type="number"
              step="any"
              inputMode="decimal"
              min={field.min ?? undefined}
              max={field.max ?? undefined}
              name={field.name}
              placeholder={String(field.defaultValue)}
              value={typed[key] ?? String(field.defaultValue)}
              onChange={(event) => setTyped({ ...typed, [key]: event.target.value })}
              aria-describedby={`${key}-hint`}
            />
            <span id={`${key}-hint`} className="field-hint">
              {bounds}default {field.defaultValue}
            </span>
          </label>
        )
      })}
      <label className="run-force">
        <input type="checkbox" checked={force} onChange={(event) => setForce(event.target.checked)} />
        Run even if cached
      </label>
      <div className="run-buttons">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Starting…' : 'Run'}
        </button>
        {Object.keys(typed).some((key) => key.startsWith(`${analyzer}.`)) && (
          <button
            type="button"
            onClick={() =>
              setTyped(Object.fromEntries(Object.entries(typed).filter(([key]) => !key.startsWith(`${analyzer}.`))))
            }
          >
            Defaults
          </button>
        )}
      </div>
      {!hasVideo && <p className="field-hint">A still image has no timeline; its results are listed below.</p>}
      {refusal && (
        <p className="error" role="alert">
          {refusal.message}
        </p>
      )}
    </form>
  )
}
