import { useId } from 'react'
import type { RunInput } from '../../../../shared/contract'
import { inputKey, inputLabel, SWEEP_MAX, SWEEP_MIN, sweepLines, type SweepDraft } from './run-inputs'

/** How many runs to queue: one, n new seeds, or one run per value (one per line) of one input. */
export function SweepFields({
  inputs,
  sweep,
  onSweep,
  problem,
}: {
  inputs: readonly RunInput[]
  sweep: SweepDraft
  onSweep(sweep: SweepDraft): void
  problem: string | null
}) {
  const id = useId()
  const seeds = inputs.filter((input) => input.seed)
  const firstKey = inputs[0] ? inputKey(inputs[0]) : ''
  const choice = (kind: SweepDraft['kind'], label: string, disabled = false) => (
    <label className="run-check">
      <input
        type="radio"
        name={`${id}-kind`}
        checked={sweep.kind === kind}
        disabled={disabled}
        onChange={() =>
          onSweep(
            kind === 'none'
              ? { kind }
              : kind === 'seeds'
                ? { kind, count: '3' }
                : { kind, key: seeds[0] ? inputKey(seeds[0]) : firstKey, lines: '' },
          )
        }
      />
      {label}
    </label>
  )
  return (
    <fieldset className="run-sweep">
      <legend>Runs</legend>
      <div className="run-sweep-kinds">
        {choice('none', 'One run')}
        {choice('seeds', 'A sweep of seeds', seeds.length === 0)}
        {choice('values', 'A sweep of one input’s values', inputs.length === 0)}
      </div>
      {sweep.kind === 'seeds' && (
        <div className="run-input">
          <label htmlFor={`${id}-count`}>How many seeds</label>
          <div className="run-input-control">
            <input
              id={`${id}-count`}
              type="text"
              inputMode="numeric"
              value={sweep.count}
              aria-invalid={problem !== null}
              onChange={(event) => onSweep({ ...sweep, count: event.target.value })}
            />
          </div>
          <span className="field-hint">
            {SWEEP_MIN} to {SWEEP_MAX} runs, each with new random {seeds.map((input) => inputLabel(input)).join(', ')};
            siblings of the run this starts from.
          </span>
        </div>
      )}
      {sweep.kind === 'values' && (
        <>
          <div className="run-input">
            <label htmlFor={`${id}-input`}>Input</label>
            <div className="run-input-control">
              <select
                id={`${id}-input`}
                value={sweep.key}
                onChange={(event) => onSweep({ ...sweep, key: event.target.value })}
              >
                {inputs.map((input) => (
                  <option key={inputKey(input)} value={inputKey(input)}>
                    {inputLabel(input)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="run-input">
            <label htmlFor={`${id}-values`}>Values, one per line</label>
            <div className="run-input-control">
              <textarea
                id={`${id}-values`}
                rows={4}
                value={sweep.lines}
                aria-invalid={problem !== null}
                onChange={(event) => onSweep({ ...sweep, lines: event.target.value })}
              />
            </div>
            <span className="field-hint">
              {sweepLines(sweep.lines).length} values: one run each ({SWEEP_MIN} to {SWEEP_MAX}).
            </span>
          </div>
        </>
      )}
      {problem && <span className="field-problem">{problem}</span>}
    </fieldset>
  )
}
