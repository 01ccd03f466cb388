import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { HealthJob } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import { useAppStore } from '../../store/use-app-store'
import { isFinished } from './health-slice'

/**
 * The newest job of `kind` (of any window) with its live progress and listed results, and a
 * `start` that disables the form while the request is out and keeps the backend's refusal.
 */
export function useHealthJob(kind: HealthJob['kind']) {
  const { job, progress, items, cancel } = useAppStore(
    useShallow((s) => {
      const newest = s.healthJobs.find((known) => known.kind === kind)
      return {
        job: newest,
        progress: newest && s.healthProgress[newest.id],
        items: newest && s.healthItems[newest.id],
        cancel: s.cancelHealthJob,
      }
    }),
  )
  const [refusal, setRefusal] = useState<ErrorShape | undefined>(undefined)
  const [starting, setStarting] = useState(false)
  return {
    job,
    progress,
    items,
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
