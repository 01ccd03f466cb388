import { useState } from 'react'
import type { Job } from '../../../../shared/contract'
import { api } from '../../api/index'
import { useTrackedJobs } from '../../api/use-tracked-jobs'
import { JobLine } from '../../ui/JobLine'
import { isFinished, type TrackedJob } from '../../ui/tracked-job'
import { BatchOutcomes } from './BatchOutcomes'
import { jobMeta, jobOutcome } from './job-words'

const KEEP = 50

/**
 * The queue: every job of every kind (imports, analyses, processing, batches, verify...) running or
 * waiting, with progress and Cancel, then those that ended lately; a batch opens its per-asset outcomes.
 */
export function JobsPage() {
  const { jobs } = useTrackedJobs({ keep: KEEP, recent: true })
  const running = jobs.filter((tracked) => !isFinished(tracked.job))
  const ended = jobs.filter((tracked) => isFinished(tracked.job))
  return (
    <section className="jobs-page" aria-labelledby="jobs-title">
      <h1 id="jobs-title">Jobs</h1>
      <section aria-label="Running and waiting">
        <h2>Running and waiting</h2>
        {running.length === 0 ? <p className="muted">Nothing is running.</p> : <JobList jobs={running} />}
      </section>
      <section aria-label="Ended lately">
        <h2>Ended lately</h2>
        {ended.length === 0 ? <p className="muted">No job has ended yet.</p> : <JobList jobs={ended} />}
      </section>
    </section>
  )
}

function JobList({ jobs }: { jobs: TrackedJob[] }) {
  const [open, setOpen] = useState<string | null>(null)
  return (
    <ul className="job-queue">
      {jobs.map((tracked) => (
        <li key={tracked.job.id} className="job-entry">
          <span className="job-meta">{jobMeta(tracked.job)}</span>
          <JobLine
            tracked={tracked}
            onCancel={() => void api['jobs:cancel']({ jobId: tracked.job.id }).catch(() => {})}
            outcome={jobOutcome}
          />
          {tracked.job.kind === 'batch' && (
            <BatchDetails job={tracked.job} open={open === tracked.job.id} onToggle={setOpen} />
          )}
        </li>
      ))}
    </ul>
  )
}

function BatchDetails({
  job,
  open,
  onToggle,
}: {
  job: Extract<Job, { kind: 'batch' }>
  open: boolean
  onToggle(id: string | null): void
}) {
  return (
    <>
      <button type="button" aria-expanded={open} onClick={() => onToggle(open ? null : job.id)}>
        {open
          ? 'Hide outcomes'
          : `Outcomes (${job.params.total.toLocaleString()} ${job.params.total === 1 ? 'asset' : 'assets'})`}
      </button>
      {open && <BatchOutcomes job={job} />}
    </>
  )
}
