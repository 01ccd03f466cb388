import { useCallback, useEffect, useState } from 'react'
import type { Job, JobKind, JobOf } from '../../../shared/contract'
import { api } from './index'
import { JOB_RANK, isFinished, type TrackedJob } from '../ui/tracked-job'

/**
 * The jobs of one kind (of every kind when none is given; of one asset when given) seen since the view opened, and those unfinished
 * then (another window, the CLI; with `recent`, the newest ended ones too), newest first and at most `keep`, with their progress, over one
 * event subscription. A late event never turns a finished job back into a running one;
 * `onFinished` (a stable callback) gets a tracked job as it ends, with its result. `track` takes a
 * job a call answered (one of another kind or asset is left out).
 */
export function useTrackedJobs<K extends JobKind = JobKind>(options: {
  kind?: K
  assetId?: string
  keep: number
  recent?: boolean
  onFinished?: (job: JobOf<K>) => void
}): {
  jobs: Array<TrackedJob<JobOf<K>>>
  track(job: Job): void
} {
  const { kind, assetId, keep, recent = false, onFinished } = options
  const [byId, setById] = useState<ReadonlyMap<string, TrackedJob<JobOf<K>>>>(new Map())
  const mine = useCallback(
    (job: Job): job is JobOf<K> =>
      (kind === undefined || job.kind === kind) && (assetId === undefined || job.assetId === assetId),
    [kind, assetId],
  )
  const track = useCallback(
    (job: Job) => {
      if (!mine(job)) return
      setById((old) => {
        const known = old.get(job.id)
        if (known && JOB_RANK[known.job.state] > JOB_RANK[job.state]) return old
        const progress = isFinished(job) ? null : (known?.progress ?? job.progress)
        return new Map(old).set(job.id, { job, progress })
      })
    },
    [mine],
  )
  useEffect(() => {
    const unsubscribe = api.onEvent((event) => {
      if (event.name === 'job:updated') {
        const { job } = event.payload
        if (!mine(job)) return
        track(job)
        if (isFinished(job)) onFinished?.(job)
      } else if (event.name === 'job:progress' && (kind === undefined || event.payload.kind === kind)) {
        const { jobId, fraction, doing } = event.payload
        setById((old) => {
          const known = old.get(jobId)
          if (!known || isFinished(known.job)) return old
          return new Map(old).set(jobId, { ...known, progress: { fraction, doing } })
        })
      }
    })
    api['jobs:list']({ kind, assetId, limit: 20 }).then(
      (answer) => answer.jobs.filter((job) => recent || !isFinished(job)).forEach(track),
      () => {},
    )
    return unsubscribe
  }, [kind, assetId, recent, mine, track, onFinished])
  const jobs = [...byId.values()].sort((a, b) => (a.job.createdAt < b.job.createdAt ? 1 : -1)).slice(0, keep)
  return { jobs, track }
}
