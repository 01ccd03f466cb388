import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useMemo } from 'react'
import type { ChannelInput, ChannelOutput, Job, JobOf } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import { useBackendQuery, write } from '../../api/queries'
import { invalidateTopics } from '../../api/query-cache'
import { useTrackedJobs } from '../../api/use-tracked-jobs'
import { attempt } from '../../ui/attempt'
import { toErrorShape } from '../../ui/error-shape'
import { isFinished, type TrackedJob } from '../../ui/tracked-job'

/** The tables a pipeline view reads; after each action here the views read again at once, not after the change's gap. */

export type AssetPipelines = ChannelOutput<'pipelines:of-asset'>
type Started = (job: Job) => void

/** What `usePipelines` answers: the asset's timelines, runs and checkpoints, its pipeline jobs, and the actions. */
export interface PipelinesView {
  data: AssetPipelines | null
  loadError: string | null
  /** This asset's pipeline jobs seen since the page opened (and those running then), newest first. */
  jobs: TrackedJob<JobOf<'pipeline-run'>>[]
  run(input: Omit<ChannelInput<'pipelines:run'>, 'assetId'>): Promise<ErrorShape | undefined>
  replay(input: ChannelInput<'checkpoints:replay'>): Promise<ErrorShape | undefined>
  label(id: number, label: string | null): Promise<ErrorShape | undefined>
  pin(id: number, pinned: boolean): Promise<ErrorShape | undefined>
  remove(id: number): Promise<ErrorShape | undefined>
  prune(timelineId: number, keep: number): Promise<ErrorShape | undefined>
  cancel(jobId: string): Promise<ErrorShape | undefined>
}

const KEPT_JOBS = 4

/** An asset's pipelines and what can be done with them, over one query and one job subscription. */
export function usePipelines(assetId: string): PipelinesView {
  const cache = useQueryClient()
  const query = useBackendQuery('pipelines:of-asset', { assetId }, { asset: assetId })
  const reload = useCallback(() => void invalidateTopics(cache, ['pipelines']), [cache])
  const { jobs, track } = useTrackedJobs({ kind: 'pipeline-run', assetId, keep: KEPT_JOBS, onFinished: reload })
  useReadAtEachStage(jobs, reload)
  const started: Started = useCallback(
    (job) => {
      track(job)
      reload()
    },
    [track, reload],
  )
  const after = <T>(call: () => Promise<T>, deletes = false) =>
    attempt(async () => {
      await call()
      // The ids of deleted checkpoints may be given to new ones: their cached outputs must go.
      if (deletes) cache.removeQueries({ queryKey: ['checkpoints:get'] })
      reload()
    })
  return {
    data: query.data ?? null,
    loadError: query.isError ? toErrorShape(query.error).message : null,
    jobs,
    run: (input) => attempt(async () => started((await write('pipelines:run', { assetId, ...input })).job)),
    replay: (input) => attempt(async () => started((await write('checkpoints:replay', input)).job)),
    label: (id, label) => after(() => write('checkpoints:label', { id, label })),
    pin: (id, pinned) => after(() => write('checkpoints:pin', { id, pinned })),
    remove: (id) => after(() => write('checkpoints:delete', { id }), true),
    prune: (timelineId, keep) => after(() => write('checkpoints:prune', { timelineId, keep }), true),
    cancel: (jobId) => attempt(async () => track((await write('jobs:cancel', { jobId })).job)),
  }
}

/** Reads the views again each time a running job starts its next stage (the one before it saved its checkpoint). */
function useReadAtEachStage(jobs: TrackedJob[], reload: () => void): void {
  const stages = useMemo(
    () =>
      jobs
        .filter((tracked) => !isFinished(tracked.job))
        .map((tracked) => `${tracked.job.id}:${tracked.progress?.doing ?? ''}`)
        .join('\n'),
    [jobs],
  )
  useEffect(() => {
    if (stages !== '') reload()
  }, [stages, reload])
}
