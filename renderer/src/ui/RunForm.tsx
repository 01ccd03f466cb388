import { useState, type FormEvent, type ReactNode } from 'react'
import type { Channel } from '../../../shared/contract'
import type { ErrorShape } from '../../../shared/errors'
import { ConfigFields, typedConfig, type ConfigFieldSpec } from './ConfigFields'
import { ErrorLine } from './ErrorLine'

/** What a run form is told: its words, the names to pick from and, per name, its fields, checks and run. */
export interface RunFormProps<Name extends string> {
  /** The form's heading and accessible name. */
  title: string
  className: string
  /** The channel its run calls, as every offered control declares it (`data-needs`). */
  needs: Channel
  pickLabel: string
  names: readonly Name[]
  nameTitle(name: Name): string
  fields(name: Name): ConfigFieldSpec[]
  /** What is wrong with a config in the form's words; null when the contract takes it. */
  problem(name: Name, config: Record<string, unknown>): string | null
  run(name: Name, config: Record<string, unknown>, force: boolean): Promise<ErrorShape | undefined>
  /** Offer a Defaults button once a field of the picked name was typed in. */
  resettable?: boolean
  /** Shown under the buttons. */
  children?: ReactNode
}

/** Pick a name (analyzer, processor...), see and change its config (defaults from the contract), and run it. */
export function RunForm<Name extends string>(props: RunFormProps<Name>) {
  const { title, names, resettable = false } = props
  const [name, setName] = useState<Name>(names[0])
  const [typed, setTyped] = useState<Record<string, string>>({})
  const [force, setForce] = useState(false)
  const [busy, setBusy] = useState(false)
  const [refusal, setRefusal] = useState<ErrorShape | undefined>(undefined)
  const fields = props.fields(name)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const config = typedConfig(fields, name, typed)
    // Checked here against the contract's schema: the backend's answer names the whole union of names.
    const problem = props.problem(name, config)
    if (problem) return setRefusal({ code: 'validation', message: problem })
    setBusy(true)
    setRefusal(await props.run(name, config, force))
    setBusy(false)
  }
  const mine = (key: string) => key.startsWith(`${name}.`)
  // noValidate: the browser's own bubble for min/max shows in no screenshot and names no field; problem() does.
  return (
    <form
      className={props.className}
      aria-label={title}
      data-needs={props.needs}
      noValidate
      onSubmit={(event) => void submit(event)}
    >
      <h3>{title}</h3>
      <label className="run-field">
        {props.pickLabel}
        <select
          value={name}
          onChange={(event) => {
            setName(event.target.value as Name)
            setRefusal(undefined)
          }}
        >
          {names.map((option) => (
            <option key={option} value={option}>
              {props.nameTitle(option)}
            </option>
          ))}
        </select>
      </label>
      <ConfigFields
        fields={fields}
        prefix={name}
        typed={typed}
        onType={(key, text) => setTyped({ ...typed, [key]: text })}
      />
      <label className="run-force">
        <input type="checkbox" checked={force} onChange={(event) => setForce(event.target.checked)} />
        Run even if cached
      </label>
      <div className="run-buttons">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Starting…' : 'Run'}
        </button>
        {resettable && Object.keys(typed).some(mine) && (
          <button
            type="button"
            onClick={() => setTyped(Object.fromEntries(Object.entries(typed).filter(([key]) => !mine(key))))}
          >
            Defaults
          </button>
        )}
      </div>
      {props.children}
      {refusal && <ErrorLine>{refusal.message}</ErrorLine>}
    </form>
  )
}
