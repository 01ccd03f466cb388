import { useMemo, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { HealthJobKind } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import { useAppStore } from '../../app/use-app-store'
import { isFinished } from '../../ui/tracked-job'
import { healthResultOf } from './health-slice'

/**
 * The newest job of `kind` (of any window) with its live progress, what it found (its stored
 * result) and the folder it searched, and a `start` that disables the form while the request is
 * out and keeps the backend's refusal.
 */
export function useHealthJob(kind: HealthJobKind) {
  const { job, progress, cancel } = useAppStore(
    useShallow((s) => {
      const newest = s.healthJobs.find((known) => known.kind === kind)
      return { job: newest, progress: newest && s.healthProgress[newest.id], cancel: s.cancelHealthJob }
    }),
  )
  const result = useMemo(() => job && healthResultOf(job), [job])
  const folder = job?.kind === 'verify' || job?.kind === 'relink' ? job.params.folder : null
  const [refusal, setRefusal] = useState<ErrorShape | undefined>(undefined)
  const [starting, setStarting] = useState(false)
  return {
    kind,
    job,
    progress,
    result,
    items: result?.items,
    folder,
    active: job !== undefined && !isFinished(job),
    cancel,
    refusal,
    clearRefusal: () => setRefusal(undefined),
    starting,
    async start(run: () => Promise<ErrorShape | undefined>) {
      setStarting(true)
      setRefusal(await run())
      setStarting(false)
    },
  }
}

/** What `useHealthJob` answers. */
export type HealthJobView = ReturnType<typeof useHealthJob>
