import { useEffect, useState } from 'react'
import type { ComfyRunOutcome, JobOf } from '../../../../shared/contract'
import { useTrackedJobs } from '../../api/use-tracked-jobs'
import { toErrorShape } from '../../ui/error-shape'
import { ErrorLine } from '../../ui/ErrorLine'
import { JobLine, unfinishedWords } from '../../ui/JobLine'
import { isFinished } from '../../ui/tracked-job'
import type { StartedRun } from './RunInputsForm'
import { write } from '../../api/queries'

type RunJob = JobOf<'comfy-run'>

const STATUS_WORDS: Record<ComfyRunOutcome['status'], string> = {
  queued: 'Queued',
  running: 'Running',
  completed: 'Done',
  failed: 'Failed',
  cancelled: 'Interrupted',
}

/**
 * A started run's job as it goes (queued, the node running, its steps) with Cancel; then each run's
 * outcome: its page, its outputs (new or already in the library), its cached nodes or its error.
 */
export function RunProgress({
  started,
  onBack,
  onLeave,
}: {
  started: StartedRun
  /** Back to the inputs, as they were typed, for another run. */
  onBack(): void
  /** A link out of the dialog was followed. */
  onLeave(): void
}) {
  // `recent`: a run refused at once may end before this view listens; the list read after subscribing tells it.
  const { jobs, track } = useTrackedJobs({ kind: 'comfy-run', keep: 50, recent: true })
  const [cancelError, setCancelError] = useState<string | null>(null)
  useEffect(() => track(started.job), [track, started.job])
  const tracked = jobs.find((one) => one.job.id === started.job.id) ?? { job: started.job, progress: null }
  const job = tracked.job
  const cancel = () => {
    setCancelError(null)
    write('jobs:cancel', { jobId: job.id }).then(
      (answer) => track(answer.job),
      (failure: unknown) => setCancelError(toErrorShape(failure).message),
    )
  }
  const outcomes = job.result?.runs ?? []
  return (
    <div className="run-again-progress" data-testid="run-progress" data-state={job.state}>
      <JobLine tracked={tracked} onCancel={cancel} outcome={outcomeWords} />
      {cancelError && <ErrorLine>Could not cancel: {cancelError}</ErrorLine>}
      <ol className="run-outcomes" aria-label="Runs">
        {started.executionIds.map((executionId, index) => (
          <RunOutcomeItem
            key={executionId}
            executionId={executionId}
            index={index}
            of={started.executionIds.length}
            outcome={outcomes.find((one) => one?.executionId === executionId) ?? null}
            onLeave={onLeave}
          />
        ))}
      </ol>
      {isFinished(job) ? (
        <div className="run-again-buttons">
          <button type="button" onClick={onBack}>
            Change inputs and run again
          </button>
        </div>
      ) : (
        <p className="muted run-again-note">
          Closing this leaves the run going; the{' '}
          <a href="#/jobs" onClick={onLeave}>
            Jobs
          </a>{' '}
          page follows it.
        </p>
      )}
    </div>
  )
}

function RunOutcomeItem({
  executionId,
  index,
  of,
  outcome,
  onLeave,
}: {
  executionId: string
  index: number
  of: number
  outcome: ComfyRunOutcome | null
  onLeave(): void
}) {
  const name = of > 1 ? `Run ${index + 1} of ${of}` : 'The run'
  return (
    <li className={`run-outcome ${outcome?.status ?? 'pending'}`}>
      <a href={`#/execution/${encodeURIComponent(executionId)}`} title={executionId} onClick={onLeave}>
        {name}
      </a>
      {outcome && <span className={`run-outcome-status ${outcome.status}`}>{STATUS_WORDS[outcome.status]}</span>}
      {outcome?.error && <span className="run-outcome-error">{outcome.error}</span>}
      {outcome && outcome.outputs.length > 0 && (
        <ul className="run-outputs" aria-label={`Outputs of ${name.toLowerCase()}`}>
          {outcome.outputs.map((output, at) => (
            <li key={`${output.nodeId}/${output.assetId}`}>
              <a className="button-link" href={`#/asset/${encodeURIComponent(output.assetId)}`} onClick={onLeave}>
                Open output {outcome.outputs.length > 1 ? `${at + 1} ` : ''}(node {output.nodeId})
              </a>
              {output.duplicate && <span className="muted"> already in the library</span>}
            </li>
          ))}
        </ul>
      )}
      {outcome && outcome.cachedNodes.length > 0 && (
        <span className="muted run-outcome-cached">
          Answered from ComfyUI’s cache: {outcome.cachedNodes.length === 1 ? 'node' : 'nodes'}{' '}
          {outcome.cachedNodes.join(', ')}
        </span>
      )}
    </li>
  )
}

/** The job's end in words: how many runs ended well and how many outputs they filed. */
function outcomeWords(job: RunJob): string {
  const runs = job.result?.runs.filter(Boolean) ?? []
  const done = runs.filter((run) => run.status === 'completed')
  const outputs = done.reduce((sum, run) => sum + run.outputs.length, 0)
  const filed = `${outputs} ${outputs === 1 ? 'output' : 'outputs'} filed`
  if (job.state === 'done') {
    return runs.length > 1 ? `Done: ${done.length} of ${runs.length} runs finished, ${filed}.` : `Done: ${filed}.`
  }
  // Each run below says where and why it failed: the job's words would repeat the first one's.
  if (job.state === 'failed' && runs.length > 0 && runs.every((run) => run.error !== null)) {
    return runs.length > 1 ? 'Failed: no run finished.' : 'Failed.'
  }
  return unfinishedWords(job) ?? ''
}
