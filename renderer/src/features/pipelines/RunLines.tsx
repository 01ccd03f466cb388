import type { JobOf, PipelineRun } from '../../../../shared/contract'
import { JobLine, unfinishedWords } from '../../ui/JobLine'
import type { PipelinesView } from './use-pipelines'
import { useMayCall } from '../people/index'

const SHOWN = 5

/**
 * The asset's newest pipeline runs, one line each: progress and Cancel while one runs, then how it ended (done,
 * cancelled, failed with its reason, or interrupted when Framevault stopped midway: its finished checkpoints stay).
 */
export function RunLines({ view, runs }: { view: PipelinesView; runs: readonly PipelineRun[] }) {
  const cancel = useMayCall('jobs:cancel') ? (jobId: string) => () => void view.cancel(jobId) : () => undefined
  const tracked = new Map(view.jobs.map((line) => [line.job.id, line]))
  // A job started here shows before its run is read back.
  const unlisted = view.jobs.filter((line) => !runs.some((run) => run.jobId === line.job.id))
  if (runs.length === 0 && unlisted.length === 0) return null
  return (
    <ul className="analysis-jobs pl-runs" aria-label="Pipeline runs">
      {unlisted.map((line) => (
        <JobLine key={line.job.id} item tracked={line} onCancel={cancel(line.job.id)} outcome={ended} />
      ))}
      {runs.slice(0, SHOWN).map((run) => {
        const line = run.jobId === null ? undefined : tracked.get(run.jobId)
        if (line) {
          return (
            <JobLine
              key={run.executionId}
              item
              tracked={line}
              onCancel={cancel(line.job.id)}
              outcome={(job) => (run.interrupted ? interrupted : ended(job))}
            />
          )
        }
        return (
          <li key={run.executionId} className={`analysis-job ${run.interrupted ? 'failed' : run.status}`}>
            <span className="job-title">{runTitle(run)}</span>
            <span className="job-outcome">{runWords(run)}</span>
          </li>
        )
      })}
    </ul>
  )
}

const interrupted = 'Interrupted: Framevault stopped before this run finished. Its finished checkpoints stay.'

/** How a pipeline job ended, in words. */
function ended(job: JobOf<'pipeline-run'>): string {
  const unfinished = unfinishedWords(job)
  if (unfinished) return unfinished
  const ran = job.result?.ran.length ?? 0
  const cached = job.result?.cached.length ?? 0
  return `Done: ${ran} ${ran === 1 ? 'stage' : 'stages'} ran, ${cached} from the cache.`
}

/** A run as a line's title: what started it, its stages, when. */
function runTitle(run: PipelineRun): string {
  const kind = run.kind === 'initial' ? 'Run' : run.kind === 'replay' ? `Replay from #${run.fromCheckpointId}` : 'Retry'
  return `${kind}: ${run.stages.join(' → ')} · ${new Date(run.createdAt).toLocaleString()}`
}

/** Where a run stands, in words. */
function runWords(run: PipelineRun): string {
  if (run.interrupted) return interrupted
  if (run.status === 'failed') return `Failed: ${run.error ?? 'no reason given'}`
  if (run.status === 'cancelled') return 'Cancelled.'
  if (run.status === 'completed') return 'Done.'
  return run.status === 'queued' ? 'Waiting to start.' : `Running${run.currentStage ? `: ${run.currentStage}` : ''}.`
}
