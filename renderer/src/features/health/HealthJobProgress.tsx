import type { HealthJobKind, Job, JobProgress } from '../../../../shared/contract'
import { formatBytes } from '../../format'

/** A running or queued health job: a progress bar (bytes, else files), the figures, the file at hand, and Cancel. */
export function HealthJobProgress({
  kind,
  job,
  progress,
  onCancel,
}: {
  kind: HealthJobKind
  job: Job
  progress: JobProgress | undefined
  /** Absent where this window's person may not cancel jobs (a viewer of a team library). */
  onCancel?: () => void
}) {
  const files = progress?.files ?? { done: 0, total: null }
  const bytes = progress?.bytes ?? { done: 0, total: null }
  const percent = Math.round(100 * (progress?.fraction ?? 0))
  const what = kind === 'verify' ? 'Verifying' : 'Relinking'
  return (
    <div className="health-run" data-testid={`health-progress-${kind}`} data-job-id={job.id}>
      <div className="health-run-head">
        <span className="health-state">{job.state === 'queued' ? 'Queued' : what}</span>
        {onCancel && (
          <button type="button" data-needs="jobs:cancel" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      <div
        className="health-bar"
        role="progressbar"
        aria-label={`${what} progress`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <div className="health-bar-fill" style={{ width: `${percent}%` }} />
      </div>
      <p className="health-figures" data-testid="health-figures">
        {files.total === null ? (
          kind === 'relink' && job.state === 'running' ? (
            'Listing the folder’s files…'
          ) : (
            'Counting files…'
          )
        ) : (
          <>
            Files {files.done.toLocaleString()} / {files.total.toLocaleString()}
            {bytes.total !== null && ` · ${formatBytes(bytes.done)} of ${formatBytes(bytes.total)}`}
          </>
        )}
      </p>
      {progress?.doing && (
        <p className="health-current" title={progress.doing}>
          Now: {progress.doing}
        </p>
      )}
    </div>
  )
}
