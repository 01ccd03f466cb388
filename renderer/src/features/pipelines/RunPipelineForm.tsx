import { useId, useState, type FormEvent } from 'react'
import { DEFAULT_PIPELINE_ID } from '../../../../shared/pipeline-stages'
import type { ErrorShape } from '../../../../shared/errors'
import { ErrorLine } from '../../ui/ErrorLine'
import { configProblem, splitTerms, stageDefaults } from './stage-fields'
import type { PipelinesView } from './use-pipelines'
import { useMayCall } from '../people/index'

const DEFAULT_FPS = Number(stageDefaults('frames').fps)

/** "Run pipeline": the default pipeline on this video, with the terms to look for and the frames a second. */
export function RunPipelineForm({ view }: { view: PipelinesView }) {
  const mayRun = useMayCall('pipelines:run')
  const [terms, setTerms] = useState('')
  const [fps, setFps] = useState(String(DEFAULT_FPS))
  const [busy, setBusy] = useState(false)
  const [refusal, setRefusal] = useState<ErrorShape | undefined>(undefined)
  const hintId = useId()
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const config = {
      frames: { fps: fps.trim() === '' ? DEFAULT_FPS : Number(fps) },
      match: { terms: splitTerms(terms) },
    }
    const problem =
      config.match.terms.length === 0
        ? 'Type at least one term to look for.'
        : (configProblem('frames', config.frames) ?? configProblem('match', config.match))
    if (problem) return setRefusal({ code: 'validation', message: problem })
    setBusy(true)
    // The default pipeline (sample frames, drop the repeats, read their text, find the terms): its runs are the
    // executions of that workflow, which joins the library's workflows at its first run.
    setRefusal(await view.run({ workflowId: DEFAULT_PIPELINE_ID, config }))
    setBusy(false)
  }
  // A viewer of a team hub reads the runs and checkpoints; running is an editor's.
  if (!mayRun) return null
  return (
    <form
      className="pl-run-form"
      aria-label="Run pipeline"
      data-needs="pipelines:run"
      noValidate
      onSubmit={(event) => void submit(event)}
    >
      <h3>Run pipeline</h3>
      <p id={hintId} className="pl-hint">
        Frames → drop repeats → read text → find terms. Terms are separated by commas or new lines.
      </p>
      <div className="pl-run-fields">
        <label className="pl-field pl-terms">
          Terms to look for
          <textarea
            rows={2}
            value={terms}
            aria-describedby={hintId}
            onChange={(event) => setTerms(event.target.value)}
          />
        </label>
        <label className="pl-field pl-fps">
          Frames a second
          <input
            type="number"
            min={0.1}
            max={60}
            step="any"
            inputMode="decimal"
            value={fps}
            onChange={(event) => setFps(event.target.value)}
          />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Starting…' : 'Run pipeline'}
        </button>
      </div>
      {refusal && <ErrorLine>{refusal.message}</ErrorLine>}
    </form>
  )
}
