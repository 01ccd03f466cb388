import { skipToken, useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useState } from 'react'
import type { Job, JobKind, JobOf } from '../../../shared/contract'
import type { TrackedJob } from '../ui/tracked-job'
import {
  SEEN_JOBS,
  currentTick,
  onJobEnded,
  openedJobsInput,
  seenJobs,
  trackJob,
  trackedJobs,
  type JobFilter,
  type SeenJob,
} from './job-tracker'
import { useBackendQuery } from './queries'

/**
 * The jobs of one kind (of every kind when none is given; of one asset when given) seen since the view opened, and those unfinished
 * then (another window, the CLI; with `recent`, the newest ended ones too), newest first and at most `keep`, with their progress,
 * from the app's one job tracker (job-tracker.ts). `onFinished` (a stable callback) gets a tracked job as it ends, with its
 * result. `track` takes a job a call answered (one of another kind or asset is left out).
 */
export function useTrackedJobs<K extends JobKind = JobKind>(
  options: JobFilter<K> & { onFinished?: (job: JobOf<K>) => void },
): {
  jobs: Array<TrackedJob<JobOf<K>>>
  track(job: Job): void
} {
  const { kind, assetId, onFinished } = options
  const cache = useQueryClient()
  const [since] = useState(currentTick)
  // Read each time a view opens (the jobs another process started meanwhile sent this window no event).
  const opened = useBackendQuery('jobs:list', openedJobsInput(options), { fedByJobs: true })
  // The tracker writes this entry; a view only listens to it.
  const seen =
    useQuery<ReadonlyMap<string, SeenJob>>({ queryKey: SEEN_JOBS, queryFn: skipToken }).data ?? seenJobs(cache)
  const track = useCallback((job: Job) => trackJob(cache, job), [cache])
  useEffect(() => {
    if (!onFinished) return
    return onJobEnded(cache, (job) => {
      if ((kind === undefined || job.kind === kind) && (assetId === undefined || job.assetId === assetId)) {
        onFinished(job as JobOf<K>)
      }
    })
  }, [cache, kind, assetId, onFinished])
  return {
    jobs: trackedJobs(seen, opened.data?.jobs ?? [], since, options),
    track,
  }
}
