import { useEffect, useState } from 'react'
import type { ErrorShape } from '../../../../shared/errors'
import { api } from '../../api/index'
import { useBackendQuery } from '../../api/queries'
import { useTrackedJobs } from '../../api/use-tracked-jobs'
import { plural } from '../../format'
import { ErrorLine } from '../../ui/ErrorLine'
import { JobLine, unfinishedWords } from '../../ui/JobLine'
import { toErrorShape } from '../../ui/error-shape'
import { isFinished } from '../../ui/tracked-job'

export const STATUS_TABLES = ['videos', 'frame_hashes'] as const

/** How many assets are hashed, wait, or could not be (one cached answer for the page and its status line). */
export const useHashingStatus = () => useBackendQuery('similar:status', {}, { tables: STATUS_TABLES })

/** How far hashing has come, and the hashing job: started here ("Find near-duplicates") or seen running. */
export function HashingStatus() {
  const status = useHashingStatus()
  const { jobs, track } = useTrackedJobs({ kind: 'similar-hash', keep: 1 })
  const [error, setError] = useState<ErrorShape | undefined>(undefined)
  const running = status.data?.job
  useEffect(() => {
    if (running) track(running)
  }, [running, track])

  if (status.error) return <ErrorLine>Could not read the hashing status: {status.error.message}</ErrorLine>
  if (!status.data) return <p aria-live="polite">Reading the hashing status…</p>
  const { hashed, waiting, failed } = status.data
  const job = jobs[0]
  const busy = job !== undefined && !isFinished(job.job)
  const start = () => {
    setError(undefined)
    api['similar:hash-all']({}).then(
      (answer) => track(answer.job),
      (failure: unknown) => setError(toErrorShape(failure)),
    )
  }
  return (
    <section className="similar-status" aria-label="Hashing">
      <p data-testid="similar-status">
        {plural(hashed, 'asset hashed', 'assets hashed')}, {waiting.toLocaleString()} waiting
        {failed > 0 && `, ${plural(failed, 'could not be hashed', 'could not be hashed')}`}.
      </p>
      {waiting > 0 && !busy && (
        <button type="button" className="primary" onClick={start}>
          Find near-duplicates
        </button>
      )}
      {job && (
        <JobLine
          tracked={job}
          onCancel={() => void api['jobs:cancel']({ jobId: job.job.id }).catch(() => {})}
          outcome={(ended) =>
            unfinishedWords(ended) ??
            (ended.result
              ? `Hashed ${ended.result.counts.hashed.toLocaleString()}${ended.result.counts.failed > 0 ? `; ${ended.result.counts.failed.toLocaleString()} could not be hashed` : ''}.`
              : 'Done.')
          }
        />
      )}
      {error && <ErrorLine>Could not start hashing: {error.message}</ErrorLine>}
    </section>
  )
}
