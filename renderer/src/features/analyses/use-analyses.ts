import { useCallback, useEffect, useState } from 'react'
import type { AnalyzerName, CachedAnalysis } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import { api } from '../../api/index'
import { toErrorShape } from '../../ui/error-shape'
import { attempt } from '../../ui/attempt'
import { isFinished, type TrackedJob } from '../../ui/tracked-job'
import { useTrackedJobs } from '../../api/use-tracked-jobs'

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

  const { jobs, track } = useTrackedJobs({ kind: 'analysis', assetId, keep: KEPT_JOBS, onFinished: reload })

  return {
    analyses: list.assetId === assetId ? list.analyses : null,
    loadError: list.assetId === assetId ? list.error : null,
    jobs,
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
