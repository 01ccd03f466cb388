import { useState, type FormEvent } from 'react'
import type { JobOf, RunForm, RunSource } from '../../../../shared/contract'
import { toErrorShape } from '../../ui/error-shape'
import { ErrorLine } from '../../ui/ErrorLine'
import { InputField } from './InputField'
import { SweepFields } from './SweepFields'
import {
  changedValues,
  groupByNode,
  inputKey,
  isChanged,
  runCount,
  sweepOf,
  valueOf,
  valueProblem,
  type Draft,
  type SweepDraft,
} from './run-inputs'
import { write } from '../../api/queries'

/** A run the form started: its job and the executions made for it at once. */
export type StartedRun = { job: JobOf<'comfy-run'>; executionIds: string[] }

/**
 * The API prompt's widget inputs grouped by node, prefilled from the run; a sweep; Run. Only the
 * inputs typed into are sent, each as the text typed (a 20-digit seed keeps every digit).
 */
export function RunInputsForm({
  form,
  source,
  draft,
  onDraft,
  sweep,
  onSweep,
  onStarted,
}: {
  form: RunForm
  source: RunSource
  draft: Draft
  onDraft(draft: Draft): void
  sweep: SweepDraft
  onSweep(sweep: SweepDraft): void
  onStarted(run: StartedRun): void
}) {
  const [busy, setBusy] = useState(false)
  const [refusal, setRefusal] = useState<string | null>(null)
  const [tried, setTried] = useState(false)
  const inputs = form.inputs
  // A swept input takes the sweep's values; with a seed sweep every seed is drawn anew.
  const swept = (input: (typeof inputs)[number]) =>
    (sweep.kind === 'seeds' && input.seed) || (sweep.kind === 'values' && sweep.key === inputKey(input))
  const problems = inputs.flatMap((input) => {
    if (swept(input) || !isChanged(input, draft)) return []
    const problem = valueProblem(input, valueOf(input, draft))
    return problem ? [{ key: inputKey(input), problem }] : []
  })
  const planned = sweepOf(sweep, inputs)
  const count = runCount(planned.sweep)
  const changed = inputs.filter((input) => isChanged(input, draft) && !swept(input)).length

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setTried(true)
    setRefusal(null)
    if (problems.length > 0 || planned.problem) return
    setBusy(true)
    try {
      const set = changedValues(inputs, draft, swept)
      onStarted(await write('comfy:run', { from: source, set, sweep: planned.sweep }))
    } catch (failure) {
      setRefusal(toErrorShape(failure).message)
    } finally {
      setBusy(false)
    }
  }
  // Each field says what is wrong as it is typed; the summary waits for a Run.
  const summary = tried ? (problems[0]?.problem ?? planned.problem) : null

  return (
    <form className="run-again-form" aria-label="Run inputs" noValidate onSubmit={(event) => void submit(event)}>
      {inputs.length === 0 && <p className="empty">This prompt has no widget values to change; it runs as it is.</p>}
      {groupByNode(inputs).map((group) => (
        <fieldset key={group.nodeId} className="run-node">
          <legend>
            {group.name} <span className="muted">#{group.nodeId}</span>
            {group.name !== group.classType && <span className="muted"> · {group.classType}</span>}
          </legend>
          {group.inputs.map((input) => (
            <InputField
              key={inputKey(input)}
              input={input}
              value={valueOf(input, draft)}
              changed={isChanged(input, draft)}
              problem={problems.find((one) => one.key === inputKey(input))?.problem ?? null}
              sweptBy={swept(input) ? (sweep.kind === 'seeds' ? 'seeds' : 'values') : null}
              onChange={(value) => onDraft({ ...draft, [inputKey(input)]: value })}
            />
          ))}
        </fieldset>
      ))}
      <SweepFields inputs={inputs} sweep={sweep} onSweep={onSweep} problem={tried ? planned.problem : null} />
      <div className="run-again-buttons">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Queueing…' : count > 1 ? `Run ${count} times` : 'Run'}
        </button>
        <button type="button" disabled={busy || Object.keys(draft).length === 0} onClick={() => onDraft({})}>
          Reset inputs
        </button>
        <span className="muted" role="status">
          {changedWords(changed, count)}
        </span>
        {/* In the bar that stays in view: a refusal must not land below a long form's fold. */}
        {summary && <ErrorLine>{summary}</ErrorLine>}
        {refusal && <ErrorLine>Not started: {refusal}</ErrorLine>}
      </div>
    </form>
  )
}

function changedWords(changed: number, runs: number): string {
  const others = runs > 1 ? 'the other inputs as before' : 'runs as before'
  if (changed === 0) return `Nothing changed: ${others}.`
  return `${changed} ${changed === 1 ? 'input' : 'inputs'} changed.`
}
