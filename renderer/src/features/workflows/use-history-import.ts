import type { JobOf } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import { attempt } from '../../ui/attempt'
import type { TrackedJob } from '../../ui/tracked-job'
import { useTrackedJobs } from '../../api/use-tracked-jobs'
import { write } from '../../api/queries'

const KEPT = 3

/** ComfyUI history imports seen since the page opened (and those running then), newest first; start and cancel them. */
export function useHistoryImports(): {
  jobs: Array<TrackedJob<JobOf<'history-import'>>>
  start(historyPath: string, outputDir: string): Promise<ErrorShape | undefined>
  cancel(jobId: string): Promise<ErrorShape | undefined>
} {
  const { jobs, track } = useTrackedJobs({ kind: 'history-import', keep: KEPT })
  return {
    jobs,
    start: (historyPath, outputDir) =>
      attempt(async () => track((await write('history:import', { historyPath, outputDir })).job)),
    cancel: (jobId) => attempt(async () => track((await write('jobs:cancel', { jobId })).job)),
  }
}
