import type { Job } from '../../../../shared/contract'
import { ProgressBar } from '../../ui/ProgressBar'
import { isFinished, type AnalysesView, type TrackedJob } from './use-analyses'

/** This asset's analysis runs: progress while they run, then how each ended, in words. */
export function AnalysisJobs({ view }: { view: AnalysesView }) {
  if (view.jobs.length === 0) return null
  return (
    <ul className="analysis-jobs" aria-label="Analysis runs">
      {view.jobs.map((tracked) => (
        <JobLine key={tracked.job.id} tracked={tracked} onCancel={() => void view.cancel(tracked.job.id)} />
      ))}
    </ul>
  )
}

function JobLine({ tracked, onCancel }: { tracked: TrackedJob; onCancel(): void }) {
  const { job, progress } = tracked
  return (
    <li className={`analysis-job ${job.state}`} aria-label={job.title}>
      <span className="job-title">{job.title}</span>
      {isFinished(job) ? (
        <span className="job-outcome" role="status">
          {outcome(job)}
        </span>
      ) : (
        <>
          <ProgressBar label={`${job.title} progress`} percent={Math.round((progress?.fraction ?? 0) * 100)} />
          <span className="job-doing">
            {job.state === 'queued' ? 'waiting to start' : (progress?.doing ?? 'starting')}
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
          </span>
        </>
      )}
    </li>
  )
}

/** How a finished job ended: cached (no ffmpeg ran), what it found, cancelled, or why it failed. */
function outcome(job: Job): string {
  if (job.state === 'cancelled') return 'Cancelled.'
  if (job.state === 'failed') return `Failed: ${job.error ?? 'no reason given'}`
  const result = job.result as { cached?: boolean; analysis?: { ranges?: unknown } } | null
  const found = Array.isArray(result?.analysis?.ranges) ? result.analysis.ranges.length : null
  const counted = found === null ? '' : ` ${found} ${found === 1 ? 'range' : 'ranges'}.`
  return result?.cached ? `Cached: answered from the cache, no ffmpeg ran.${counted}` : `Done.${counted}`
}
