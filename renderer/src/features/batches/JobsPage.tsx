import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import type { Job, JobKind } from '../../../../shared/contract'
import { api } from '../../api/index'
import { useTrackedJobs } from '../../api/use-tracked-jobs'
import { JobLine } from '../../ui/JobLine'
import { isFinished, type TrackedJob } from '../../ui/tracked-job'
import { BatchOutcomes } from './BatchOutcomes'
import { jobMeta, jobOutcome } from './job-words'
import { QueueWorkers } from './QueueWorkers'
import { useMayCall } from '../people/index'
import { write } from '../../api/queries'

const KEEP = 50
// Workers tell they are there at their beats, not as events: the view asks again this often.
const QUEUE_EVERY_MS = 3_000

/**
 * The queue: every job of every kind (imports, analyses, processing, batches, verify...) running or
 * waiting, with progress and Cancel, then those that ended lately; a batch opens its per-asset outcomes.
 */
export function JobsPage() {
  const { jobs } = useTrackedJobs({ keep: KEEP, recent: true })
  const cache = useQueryClient()
  const queue = useQuery({
    queryKey: ['jobs:queue'],
    queryFn: () => api['jobs:queue']({}),
    refetchInterval: QUEUE_EVERY_MS,
  }).data
  // A job that starts, ends or is cancelled changes what waits: read the queue again then, not only on the beat.
  useEffect(
    () =>
      api.onEvent(
        (event) => event.name === 'job:updated' && void cache.invalidateQueries({ queryKey: ['jobs:queue'] }),
      ),
    [cache],
  )
  const running = jobs.filter((tracked) => !isFinished(tracked.job))
  const ended = jobs.filter((tracked) => isFinished(tracked.job))
  const rerunnable = queue?.rerunnable ?? []
  const shared = queue?.shared ?? false
  return (
    <section className="jobs-page" aria-labelledby="jobs-title">
      <h1 id="jobs-title">Jobs</h1>
      {queue?.shared && <QueueWorkers queue={queue} running={running.map((tracked) => tracked.job)} />}
      <section aria-label="Running and waiting">
        <h2>Running and waiting</h2>
        {running.length === 0 ? (
          <p className="muted">Nothing is running.</p>
        ) : (
          <JobList jobs={running} rerunnable={rerunnable} shared={shared} />
        )}
      </section>
      <section aria-label="Ended lately">
        <h2>Ended lately</h2>
        {ended.length === 0 ? (
          <p className="muted">No job has ended yet.</p>
        ) : (
          <JobList jobs={ended} rerunnable={rerunnable} shared={shared} />
        )}
      </section>
    </section>
  )
}

function JobList({
  jobs,
  rerunnable,
  shared,
}: {
  jobs: TrackedJob[]
  rerunnable: readonly JobKind[]
  /** A team library's: each job says where it runs or ran. */
  shared: boolean
}) {
  const [open, setOpen] = useState<string | null>(null)
  const mayCancel = useMayCall('jobs:cancel')
  const mayRetry = useMayCall('jobs:retry')
  return (
    <ul className="job-queue">
      {jobs.map((tracked) => (
        <li key={tracked.job.id} className="job-entry">
          <span className="job-meta">{jobMeta(tracked.job, shared)}</span>
          <JobLine
            tracked={tracked}
            onCancel={
              mayCancel ? () => void write('jobs:cancel', { jobId: tracked.job.id }).catch(() => {}) : undefined
            }
            outcome={jobOutcome}
          />
          {mayRetry &&
            (tracked.job.state === 'failed' || tracked.job.state === 'cancelled') &&
            rerunnable.includes(tracked.job.kind) && <RetryButton job={tracked.job} />}
          {tracked.job.kind === 'batch' && (
            <BatchDetails job={tracked.job} open={open === tracked.job.id} onToggle={setOpen} />
          )}
        </li>
      ))}
    </ul>
  )
}

/** Queues a failed or cancelled job again as it was asked for; says in words why it could not. */
function RetryButton({ job }: { job: Job }) {
  const [refusal, setRefusal] = useState<string | null>(null)
  const retry = () =>
    void write('jobs:retry', { jobId: job.id }).then(
      () => setRefusal(null),
      (error: unknown) => setRefusal(error instanceof Error ? error.message : String(error)),
    )
  return (
    <span className="job-retry">
      <button type="button" data-needs="jobs:retry" onClick={retry} aria-label={`Retry ${job.title}`}>
        Retry
      </button>
      {refusal && <span role="alert">{refusal}</span>}
    </span>
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
