import { useCallback, useEffect, useRef, useState } from 'react'
import type { ProcessingRun, ProcessorAction } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import { api } from '../../api/index'
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
  job: TrackedJob | null
  run(action: ProcessorAction, config: Record<string, unknown>, force: boolean): Promise<ErrorShape | undefined>
  cancel(): Promise<ErrorShape | undefined>
}

/** An asset's processing lineage and one processing job of it, over one event subscription. */
export function useProcessing(assetId: string): ProcessingView {
  const [list, setList] = useState<{ runs: ProcessingRun[] | null; error: string | null }>({ runs: null, error: null })
  const [names, setNames] = useState<Record<string, string>>({})
  const [version, setVersion] = useState(0)
  const reload = useCallback(() => setVersion((v) => v + 1), [])

  useEffect(() => {
    let current = true
    api['processing:list']({ assetId }).then(
      ({ runs }) => current && setList({ runs, error: null }),
      (error: unknown) => current && setList((old) => ({ runs: old.runs ?? [], error: toErrorShape(error).message })),
    )
    return () => {
      current = false
    }
  }, [assetId, version])

  // The other side's names, one media:get per asset ever asked about; one that fails keeps its path's name.
  const asked = useRef(new Set<string>())
  useEffect(() => {
    for (const run of list.runs ?? []) {
      for (const id of [run.inputAssetId, run.outputAssetId]) {
        if (!id || id === assetId || asked.current.has(id)) continue
        asked.current.add(id)
        api['media:get']({ id }).then(
          (asset) => setNames((old) => ({ ...old, [id]: asset.name })),
          () => {},
        )
      }
    }
  }, [list.runs, assetId])

  // The job started here last, or running when the page opened.
  const { jobs, track } = useTrackedJobs({ kind: 'processing', assetId, keep: 1, onFinished: reload })
  const job = jobs[0] ?? null

  return {
    runs: list.runs,
    loadError: list.error,
    names,
    job,
    run: (action, config, force) =>
      attempt(async () => {
        const request = { assetId, action, config, force } as Parameters<(typeof api)['processing:run']>[0]
        const started = (await api['processing:run'](request)).job
        track(started)
        // The job may have ended before its events could reach us; jobs:get reads its last state.
        if (!isFinished(started)) track((await api['jobs:get']({ jobId: started.id })).job)
        reload()
      }),
    cancel: () =>
      attempt(async () => {
        if (job) track((await api['jobs:cancel']({ jobId: job.job.id })).job)
      }),
  }
}
