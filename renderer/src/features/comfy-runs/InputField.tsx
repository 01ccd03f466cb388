import { useId } from 'react'
import type { RunInput } from '../../../../shared/contract'
import { isLongText, randomSeed } from './run-inputs'

const WAS_MAX = 80

/**
 * One widget input: a textarea for prompts, a text field for numbers (checked, never converted: a
 * seed keeps its 20 digits) with Random for a seed, a checkbox for a boolean. A changed value says
 * what it was.
 */
export function InputField({
  input,
  value,
  changed,
  problem,
  sweptBy,
  onChange,
}: {
  input: RunInput
  value: string
  changed: boolean
  problem: string | null
  /** Set when a sweep gives this input its values: the field is not used. */
  sweptBy: 'seeds' | 'values' | null
  onChange(value: string): void
}) {
  const id = useId()
  const hintId = `${id}-hint`
  const className = `run-input${changed && !sweptBy ? ' changed' : ''}`
  if (input.kind === 'boolean') {
    return (
      <div className={className}>
        <label className="run-check">
          <input
            type="checkbox"
            checked={value.trim() === 'true'}
            disabled={sweptBy !== null}
            onChange={(event) => onChange(String(event.target.checked))}
          />
          {input.input}
        </label>
        <Hint id={hintId} input={input} changed={changed} problem={problem} sweptBy={sweptBy} />
      </div>
    )
  }
  const common = {
    id,
    value,
    disabled: sweptBy !== null,
    spellCheck: input.kind === 'text',
    'aria-invalid': problem !== null,
    'aria-describedby': hintId,
  }
  return (
    <div className={className}>
      <label htmlFor={id}>{input.input}</label>
      <div className="run-input-control">
        {isLongText(input) ? (
          <textarea
            {...common}
            rows={Math.min(8, Math.max(2, Math.ceil(value.length / 70) + value.split('\n').length - 1))}
            onChange={(event) => onChange(event.target.value)}
          />
        ) : (
          <input
            {...common}
            type="text"
            inputMode={input.kind === 'integer' ? 'numeric' : input.kind === 'number' ? 'decimal' : 'text'}
            autoComplete="off"
            onChange={(event) => onChange(event.target.value)}
          />
        )}
        {input.seed && (
          <button
            type="button"
            disabled={sweptBy !== null}
            aria-label={`Random ${input.input} for ${input.title ?? input.classType} #${input.nodeId}`}
            onClick={() => onChange(randomSeed())}
          >
            Random
          </button>
        )}
      </div>
      <Hint id={hintId} input={input} changed={changed} problem={problem} sweptBy={sweptBy} />
    </div>
  )
}

function Hint({
  id,
  input,
  changed,
  problem,
  sweptBy,
}: {
  id: string
  input: RunInput
  changed: boolean
  problem: string | null
  sweptBy: 'seeds' | 'values' | null
}) {
  if (sweptBy) {
    return (
      <span id={id} className="field-hint">
        {sweptBy === 'seeds' ? 'Each run draws a new random seed.' : 'Each run takes one of the sweep values below.'}
      </span>
    )
  }
  if (problem) {
    return (
      <span id={id} className="field-problem">
        {problem}
      </span>
    )
  }
  if (!changed) return <span id={id} hidden />
  const was = input.value.length > WAS_MAX ? `${input.value.slice(0, WAS_MAX)}…` : input.value
  return (
    <span id={id} className="field-hint">
      Was: {was === '' ? '(empty)' : was}
    </span>
  )
}
