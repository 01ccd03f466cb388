import { useCallback, useEffect, useState } from 'react'
import type { Job } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import { api } from '../../api/index'
import { attempt } from '../../ui/attempt'
import { JOB_RANK, isFinished, type TrackedJob } from '../../ui/tracked-job'

const KEPT = 3

/** ComfyUI history imports seen since the page opened (and those running then), newest first; start and cancel them. */
export function useHistoryImports(): {
  jobs: TrackedJob[]
  start(historyPath: string, outputDir: string): Promise<ErrorShape | undefined>
  cancel(jobId: string): Promise<ErrorShape | undefined>
} {
  const [byId, setById] = useState<ReadonlyMap<string, TrackedJob>>(new Map())
  // A late event never turns a finished job back into a running one.
  const track = useCallback(
    (job: Job) =>
      setById((old) => {
        const known = old.get(job.id)
        if (known && JOB_RANK[known.job.state] > JOB_RANK[job.state]) return old
        const progress = isFinished(job) ? null : (known?.progress ?? job.progress)
        return new Map(old).set(job.id, { job, progress })
      }),
    [],
  )
  useEffect(() => {
    const unsubscribe = api.onEvent((event) => {
      if (event.name === 'job:updated' && event.payload.job.kind === 'history-import') track(event.payload.job)
      else if (event.name === 'job:progress' && event.payload.kind === 'history-import') {
        const { jobId, fraction, doing } = event.payload
        setById((old) => {
          const known = old.get(jobId)
          if (!known || isFinished(known.job)) return old
          return new Map(old).set(jobId, { ...known, progress: { fraction, doing } })
        })
      }
    })
    // Imports started before the page opened (the CLI, another window) show with their progress.
    api['jobs:list']({ kind: 'history-import', limit: 10 }).then(
      (answer) => answer.jobs.filter((job) => !isFinished(job)).forEach(track),
      () => {},
    )
    return unsubscribe
  }, [track])
  return {
    jobs: [...byId.values()].sort((a, b) => (a.job.createdAt < b.job.createdAt ? 1 : -1)).slice(0, KEPT),
    start: (historyPath, outputDir) =>
      attempt(async () => track((await api['history:import']({ historyPath, outputDir })).job)),
    cancel: (jobId) => attempt(async () => track((await api['jobs:cancel']({ jobId })).job)),
  }
}
