import type { HealthJob, HealthProgress } from '../../../../shared/contract'
import { formatBytes } from '../../format'

/** A running or queued health job: a progress bar (bytes, else files), the figures, the file at hand, and Cancel. */
export function HealthJobProgress({
  job,
  progress,
  onCancel,
}: {
  job: HealthJob
  progress: HealthProgress | undefined
  onCancel(): void
}) {
  const filesDone = progress?.filesDone ?? job.filesDone
  const filesTotal = progress?.filesTotal ?? job.filesTotal
  const bytesDone = progress?.bytesDone ?? job.bytesDone
  const bytesTotal = progress?.bytesTotal ?? job.bytesTotal
  const percent = Math.round(100 * (fraction(bytesDone, bytesTotal) ?? fraction(filesDone, filesTotal) ?? 0))
  const what = job.kind === 'verify' ? 'Verifying' : 'Relinking'
  return (
    <div className="health-run" data-testid={`health-progress-${job.kind}`} data-job-id={job.id}>
      <div className="health-run-head">
        <span className="health-state">{job.state === 'queued' ? 'Queued' : what}</span>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
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
        {filesTotal === null ? (
          job.kind === 'relink' && job.state === 'running' ? (
            'Listing the folder’s files…'
          ) : (
            'Counting files…'
          )
        ) : (
          <>
            Files {filesDone.toLocaleString()} / {filesTotal.toLocaleString()}
            {bytesTotal !== null && ` · ${formatBytes(bytesDone)} of ${formatBytes(bytesTotal)}`}
          </>
        )}
      </p>
      {progress?.current && (
        <p className="health-current" title={progress.current}>
          Now: {progress.current}
        </p>
      )}
    </div>
  )
}

function fraction(done: number, total: number | null): number | undefined {
  return total && total > 0 ? Math.min(1, done / total) : undefined
}
