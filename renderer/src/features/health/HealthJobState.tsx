import type { ReactNode } from 'react'
import { formatDateTime } from '../../format'
import { ErrorLine } from '../../ui/ErrorLine'
import { HealthJobProgress } from './HealthJobProgress'
import { jobSummary } from './job-summary'
import type { HealthJobView } from './use-health-job'
import { useMayCall } from '../people/index'

/**
 * Below a health panel's form: why the job could not start, its progress while it runs, or once
 * it ended when and what it found (`where` before the summary, `children` after it).
 */
export function HealthJobState({
  name,
  view: { kind, job, progress, result, active, cancel, cancelError, refusal },
  where,
  children,
}: {
  /** The job's name as a sentence starts it ("Verify", "Relink"). */
  name: string
  view: HealthJobView
  where?: string
  children?: ReactNode
}) {
  const mayCancel = useMayCall('jobs:cancel')
  return (
    <>
      {refusal && (
        <p className="error" role="alert" data-testid={`${name.toLowerCase()}-refusal`}>
          {name} could not start: {refusal.message}
        </p>
      )}
      {cancelError && <ErrorLine>{cancelError.message}</ErrorLine>}
      {job && active && (
        <HealthJobProgress
          kind={kind}
          job={job}
          progress={progress}
          onCancel={mayCancel ? () => void cancel(job.id) : undefined}
        />
      )}
      {job && !active && (
        <div className="health-result" data-testid={`${kind}-result`} data-state={job.state}>
          <p>
            <span className="health-when">{job.finishedAt && formatDateTime(job.finishedAt)}</span> {where}
            {jobSummary(kind, job.state, result)}
          </p>
          {result && result.unlisted > 0 && (
            <p className="health-help">{result.unlisted.toLocaleString()} more results are not listed here.</p>
          )}
          {job.error && <p className="error">{job.error}</p>}
          {children}
        </div>
      )}
    </>
  )
}
