import type { ReactNode } from 'react'
import type { Job } from '../../../shared/contract'
import { ProgressBar } from './ProgressBar'
import { isFinished, type TrackedJob } from './tracked-job'

/** One job: its progress and a Cancel button while it runs (where `onCancel` is given), then `outcome(job)` as a status. */
export function JobLine<J extends Job>({
  tracked,
  onCancel,
  outcome,
  item = false,
  className = '',
}: {
  tracked: TrackedJob<J>
  /** Absent where this window's person may not cancel jobs (a viewer of a team library). */
  onCancel?: () => void
  outcome(job: J): ReactNode
  /** True inside a list (an `li`); otherwise a named group of its own. */
  item?: boolean
  className?: string
}) {
  const { job, progress } = tracked
  const Tag = item ? 'li' : 'div'
  return (
    <Tag
      className={`analysis-job ${className ? `${className} ` : ''}${job.state}`}
      role={item ? undefined : 'group'}
      aria-label={job.title}
    >
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
            {onCancel && (
              <button type="button" data-needs="jobs:cancel" onClick={onCancel}>
                Cancel
              </button>
            )}
          </span>
        </>
      )}
    </Tag>
  )
}

/** The words for a job that did not finish its work (cancelled, by whom when known, or failed); null for one that did. */
export function unfinishedWords(job: Job): string | null {
  if (job.state === 'cancelled') return job.cancelledBy ? `Cancelled by ${job.cancelledBy}.` : 'Cancelled.'
  if (job.state === 'failed') return `Failed: ${job.error ?? 'no reason given'}`
  return null
}
