import { useQueryClient } from '@tanstack/react-query'
import { useMemo, useState } from 'react'
import type { HealthJobKind, Job } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import { startJob } from '../../api/job-tracker'
import { useTrackedJobs } from '../../api/use-tracked-jobs'
import { isFinished } from '../../ui/tracked-job'
import { healthResultOf } from './job-summary'
import { write } from '../../api/queries'

/**
 * The newest job of `kind` (of any window) with its live progress, what it found (its stored
 * result) and the folder it searched, and a `start` that disables the form while the request is
 * out and keeps the backend's refusal (or a failed cancel's error).
 */
export function useHealthJob(kind: HealthJobKind) {
  const cache = useQueryClient()
  const tracked = useTrackedJobs({ kind, keep: 1, recent: true }).jobs[0]
  const job = tracked?.job
  const result = useMemo(() => job && healthResultOf(job), [job])
  const folder = job?.kind === 'verify' || job?.kind === 'relink' ? job.params.folder : null
  const [refusal, setRefusal] = useState<ErrorShape | undefined>(undefined)
  const [cancelError, setCancelError] = useState<ErrorShape | undefined>(undefined)
  const [starting, setStarting] = useState(false)
  return {
    kind,
    job,
    progress: tracked?.progress ?? undefined,
    result,
    items: result?.items,
    folder,
    active: job !== undefined && !isFinished(job),
    cancel: (jobId: string) => startJob(cache, () => write('jobs:cancel', { jobId })).then(setCancelError),
    cancelError,
    refusal,
    clearRefusal: () => setRefusal(undefined),
    starting,
    /** Starts the job `call` asks for and tracks it, keeping the backend's refusal. */
    async start(call: () => Promise<{ job: Job }>) {
      setStarting(true)
      setRefusal(await startJob(cache, call))
      setStarting(false)
    },
  }
}

/** What `useHealthJob` answers. */
export type HealthJobView = ReturnType<typeof useHealthJob>
