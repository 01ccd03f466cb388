import { useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import type { AnalyzerName, CachedAnalysis, ChannelInput, JobOf } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import { useBackendQuery, write } from '../../api/queries'
import { answersTo } from '../../api/query-cache'
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
  jobs: Array<TrackedJob<JobOf<'analysis'>>>
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
 * end (here, another window or the CLI) puts the analysis it ended with into the list, so a new or
 * replaced row shows without reading the list again.
 */
export function useAnalyses(assetId: string): AnalysesView {
  const cache = useQueryClient()
  const input = { assetId }
  // A job's result (or a delete here) is what changes them, put into the list as it comes.
  const list = useBackendQuery('analysis:list', input, { fedByJobs: true })
  const reload = useCallback(
    () => void cache.invalidateQueries(answersTo('analysis:list', { assetId })),
    [cache, assetId],
  )
  const finished = useCallback(
    (job: JobOf<'analysis'>) => {
      const found = job.result?.analysis
      if (!found) return
      // A forced re-run replaces the cached row of its config (under a new id); the list is newest first.
      cache.setQueriesData<{ analyses: CachedAnalysis[] }>(
        answersTo('analysis:list', { assetId }),
        (old) =>
          old && { ...old, analyses: [found, ...old.analyses.filter((row) => row.configHash !== found.configHash)] },
      )
    },
    [cache, assetId],
  )

  const { jobs, track } = useTrackedJobs({ kind: 'analysis', assetId, keep: KEPT_JOBS, onFinished: finished })

  return {
    // A first read that failed shows an empty list with its error; a later failure keeps the rows.
    analyses: list.data?.analyses ?? (list.isError ? [] : null),
    loadError: list.isError ? toErrorShape(list.error).message : null,
    jobs,
    run: (analyzer, config, force) =>
      attempt(async () => {
        const { job } = await write('analysis:run', {
          assetId,
          analyzer,
          config,
          force,
        } as ChannelInput<'analysis:run'>)
        track(job)
        // A cache hit ends before its events could reach this view.
        if (isFinished(job)) finished(job)
      }),
    remove: (analysisId) =>
      attempt(async () => {
        await write('analysis:delete', { assetId, analysisId })
        cache.setQueriesData<{ analyses: CachedAnalysis[] }>(
          answersTo('analysis:list', input),
          (old) => old && { ...old, analyses: old.analyses.filter((row) => row.id !== analysisId) },
        )
        reload()
      }),
    cancel: (jobId) => attempt(async () => track((await write('jobs:cancel', { jobId })).job)),
  }
}
