import { useCallback, useEffect, useState } from 'react'
import type { AnalyzerName, CachedAnalysis, Job } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import { api } from '../../api/index'
import { toErrorShape } from '../../store/error-shape'
import { attempt } from '../../ui/attempt'
import { JOB_RANK, isFinished, type TrackedJob } from '../../ui/tracked-job'

/** What `useAnalyses` answers. */
export interface AnalysesView {
  /** The cached analyses, newest first; null until the first answer. */
  analyses: CachedAnalysis[] | null
  loadError: string | null
  /** This asset's analysis jobs seen since the page opened (and the ones running then), newest first. */
  jobs: TrackedJob[]
  run(
    analyzer: AnalyzerName,
    config: Record<string, number> | undefined,
    force: boolean,
  ): Promise<ErrorShape | undefined>
  remove(analysisId: number): Promise<ErrorShape | undefined>
  cancel(jobId: string): Promise<ErrorShape | undefined>
}

const KEPT_JOBS = 3

/**
 * The cached analyses of an asset and its analysis jobs, over one event subscription: a job's
 * end (here, another window or the CLI) reads the list again, so a new or replaced row shows.
 */
export function useAnalyses(assetId: string): AnalysesView {
  const [list, setList] = useState<{ assetId: string; analyses: CachedAnalysis[] | null; error: string | null }>({
    assetId,
    analyses: null,
    error: null,
  })
  const [jobs, setJobs] = useState<{ assetId: string; byId: Map<string, TrackedJob> }>({ assetId, byId: new Map() })
  const [version, setVersion] = useState(0)
  const reload = useCallback(() => setVersion((v) => v + 1), [])

  useEffect(() => {
    let current = true
    api['analysis:list']({ assetId }).then(
      ({ analyses }) => current && setList({ assetId, analyses, error: null }),
      (error: unknown) =>
        current &&
        setList((old) => ({
          assetId,
          analyses: old.assetId === assetId ? old.analyses : [],
          error: toErrorShape(error).message,
        })),
    )
    return () => {
      current = false
    }
  }, [assetId, version])

  // A late event never turns a finished job back into a running one.
  const track = useCallback(
    (job: Job) =>
      setJobs((old) => {
        const byId = new Map(old.assetId === job.assetId ? old.byId : [])
        const known = byId.get(job.id)
        if (known && JOB_RANK[known.job.state] > JOB_RANK[job.state]) return old
        byId.set(job.id, { job, progress: isFinished(job) ? null : (known?.progress ?? job.progress) })
        return { assetId: job.assetId ?? '', byId }
      }),
    [],
  )

  useEffect(() => {
    const unsubscribe = api.onEvent((event) => {
      if (event.name === 'job:updated') {
        const { job } = event.payload
        if (job.kind !== 'analysis' || job.assetId !== assetId) return
        track(job)
        if (isFinished(job)) reload()
      } else if (event.name === 'job:progress') {
        const { jobId, fraction, doing } = event.payload
        setJobs((old) => {
          const known = old.byId.get(jobId)
          if (!known || isFinished(known.job)) return old
          return { ...old, byId: new Map(old.byId).set(jobId, { ...known, progress: { fraction, doing } }) }
        })
      }
    })
    // Runs started before the page opened (another window, the CLI) show with their progress.
    api['jobs:list']({ assetId, kind: 'analysis', limit: 20 }).then(
      (answer) => answer.jobs.filter((job) => !isFinished(job)).forEach(track),
      () => {},
    )
    return unsubscribe
  }, [assetId, track, reload])

  const shownJobs =
    jobs.assetId === assetId
      ? [...jobs.byId.values()].sort((a, b) => (a.job.createdAt < b.job.createdAt ? 1 : -1)).slice(0, KEPT_JOBS)
      : []

  return {
    analyses: list.assetId === assetId ? list.analyses : null,
    loadError: list.assetId === assetId ? list.error : null,
    jobs: shownJobs,
    run: (analyzer, config, force) =>
      attempt(async () => {
        const { job } = await api['analysis:run']({ assetId, analyzer, config, force } as Parameters<
          (typeof api)['analysis:run']
        >[0])
        track(job)
        if (isFinished(job)) reload()
      }),
    remove: (analysisId) =>
      attempt(async () => {
        await api['analysis:delete']({ assetId, analysisId })
        setList((old) => ({ ...old, analyses: old.analyses?.filter((row) => row.id !== analysisId) ?? null }))
        reload()
      }),
    cancel: (jobId) => attempt(async () => track((await api['jobs:cancel']({ jobId })).job)),
  }
}
