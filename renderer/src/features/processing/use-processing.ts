import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { JobOf, ProcessingRun, ProcessorAction } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import { api } from '../../api/index'
import { useBackendQuery, write } from '../../api/queries'
import { answersTo } from '../../api/query-cache'
import { toErrorShape } from '../../ui/error-shape'
import { attempt } from '../../ui/attempt'
import { isFinished, type TrackedJob } from '../../ui/tracked-job'
import { useTrackedJobs } from '../../api/use-tracked-jobs'

/** What `useProcessing` answers. */
export interface ProcessingView {
  /** The runs this asset is the input or output of, newest first; null until the first answer. */
  runs: ProcessingRun[] | null
  loadError: string | null
  /** Names of the assets on the other side of the runs, by id (filled in as they arrive). */
  names: Record<string, string>
  /** The processing job started here last (or running when the page opened), with its progress. */
  job: TrackedJob<JobOf<'processing'>> | null
  run(action: ProcessorAction, config: Record<string, unknown>, force: boolean): Promise<ErrorShape | undefined>
  cancel(): Promise<ErrorShape | undefined>
}

/** An asset's processing lineage and one processing job of it, over one event subscription. */
export function useProcessing(assetId: string): ProcessingView {
  const cache = useQueryClient()
  // A job's result is what changes them, put into the list as it comes.
  const list = useBackendQuery('processing:list', { assetId }, { fedByJobs: true })
  const answer = list.data
  const runs = answer?.runs ?? (list.isError ? [] : null)
  const [names, setNames] = useState<Record<string, string>>({})
  const finished = useCallback(
    (job: JobOf<'processing'>) => {
      if (!job.result) return
      const made: ProcessingRun = {
        ...job.result.run,
        inputAssetId: job.assetId,
        outputAssetId: job.result.outputAssetId,
      }
      // A run replaces the earlier one of its action, input and config (a cached one is that same row); newest first.
      const replaced = (run: ProcessingRun) =>
        run.id === made.id ||
        (run.action === made.action && run.inputPath === made.inputPath && run.configHash === made.configHash)
      cache.setQueriesData<{ runs: ProcessingRun[] }>(
        answersTo('processing:list', { assetId }),
        (old) => old && { ...old, runs: [made, ...old.runs.filter((run) => !replaced(run))] },
      )
    },
    [cache, assetId],
  )

  // The other side's names, one media:get per asset ever asked about; one that fails keeps its path's name.
  const asked = useRef(new Set<string>())
  useEffect(() => {
    for (const run of answer?.runs ?? []) {
      for (const id of [run.inputAssetId, run.outputAssetId]) {
        if (!id || id === assetId || asked.current.has(id)) continue
        asked.current.add(id)
        api['media:get']({ id }).then(
          (asset) => setNames((old) => ({ ...old, [id]: asset.name })),
          () => {},
        )
      }
    }
  }, [answer, assetId])

  // The job started here last, or running when the page opened.
  const { jobs, track } = useTrackedJobs({ kind: 'processing', assetId, keep: 1, onFinished: finished })
  const job = jobs[0] ?? null

  return {
    runs,
    loadError: list.isError ? toErrorShape(list.error).message : null,
    names,
    job,
    run: (action, config, force) =>
      attempt(async () => {
        const request = { assetId, action, config, force } as Parameters<(typeof api)['processing:run']>[0]
        const started = (await write('processing:run', request)).job
        track(started)
        // The job may have ended before its events could reach us; jobs:get reads its last state.
        const last = isFinished(started) ? started : (await api['jobs:get']({ jobId: started.id })).job
        track(last)
        if (last.kind === 'processing' && isFinished(last)) finished(last)
      }),
    cancel: () =>
      attempt(async () => {
        if (job) track((await write('jobs:cancel', { jobId: job.job.id })).job)
      }),
  }
}
