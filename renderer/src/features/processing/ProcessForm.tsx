import { useState, type FormEvent } from 'react'
import type { ProcessorAction } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import { PROCESSORS, processorFields, processorProblem } from './processing-view'
import type { ProcessingView } from './use-processing'

const ACTIONS = Object.keys(PROCESSORS) as ProcessorAction[]

/** Pick a processor, see and change its config (defaults from the contract), and run it. */
export function ProcessForm({ view }: { view: ProcessingView }) {
  const [action, setAction] = useState<ProcessorAction>('convert')
  // Typed text per field, so a half-typed "1." is not rewritten under the cursor.
  const [typed, setTyped] = useState<Record<string, string>>({})
  const [force, setForce] = useState(false)
  const [busy, setBusy] = useState(false)
  const [refusal, setRefusal] = useState<ErrorShape | undefined>(undefined)
  const fields = processorFields(action)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const config: Record<string, unknown> = {}
    for (const field of fields) {
      const text = typed[`${action}.${field.name}`]
      if (text === undefined || text.trim() === '') continue
      config[field.name] = field.kind === 'number' ? Number(text) : text
    }
    // Checked here: the backend's answer to a bad config names the whole union of processors.
    const problem = processorProblem(action, config)
    if (problem) return setRefusal({ code: 'validation', message: problem })
    setBusy(true)
    setRefusal(await view.run(action, config, force))
    setBusy(false)
  }
  return (
    <form
      className="run-analysis process-form"
      aria-label="Process"
      noValidate
      onSubmit={(event) => void submit(event)}
    >
      <h3>Process</h3>
      <label className="run-field">
        Action
        <select
          value={action}
          onChange={(event) => {
            setAction(event.target.value as ProcessorAction)
            setRefusal(undefined)
          }}
        >
          {ACTIONS.map((name) => (
            <option key={name} value={name}>
              {PROCESSORS[name].title}
            </option>
          ))}
        </select>
      </label>
      {fields.map((field) => {
        const key = `${action}.${field.name}`
        const value = typed[key] ?? String(field.defaultValue)
        const change = (text: string) => setTyped({ ...typed, [key]: text })
        if (field.kind === 'choice') {
          return (
            <label key={key} className="run-field">
              {field.label}
              <select name={field.name} value={value} onChange={(event) => change(event.target.value)}>
                {field.options.map((option) => (
                  <option key={option} value={option}>
                    {option}
                  </option>
                ))}
              </select>
            </label>
          )
        }
        const bounds = field.min !== null && field.max !== null ? `${field.min} to ${field.max}, ` : ''
        return (
          <label key={key} className="run-field">
            {field.label}
            <input
              type="number"
              step="any"
              inputMode="decimal"
              name={field.name}
              placeholder={String(field.defaultValue)}
              value={value}
              onChange={(event) => change(event.target.value)}
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
      </div>
      {refusal && (
        <p className="error" role="alert">
          {refusal.message}
        </p>
      )}
    </form>
  )
}
