import { useEffect, useState } from 'react'
import type { ErrorShape } from '../../../../shared/errors'
import { useBackendQuery, write } from '../../api/queries'
import { useTrackedJobs } from '../../api/use-tracked-jobs'
import { plural } from '../../format'
import { ErrorLine } from '../../ui/ErrorLine'
import { JobLine, unfinishedWords } from '../../ui/JobLine'
import { toErrorShape } from '../../ui/error-shape'
import { isFinished } from '../../ui/tracked-job'
import { useMayCall } from '../people/index'

/** How many assets are hashed, wait, or could not be (one cached answer for the page and its status line). */
export const useHashingStatus = () => useBackendQuery('similar:status', {})

// A team library's hashing runs as up to 8 part jobs at once (on its workers); a library's as one.
const PARTS_SHOWN = 8

/**
 * How far hashing has come, and the hashing job: started here ("Find near-duplicates") or seen running; in a team
 * library each of its parts that still runs, else the last that ended.
 */
export function HashingStatus() {
  const status = useHashingStatus()
  const { jobs, track } = useTrackedJobs({ kind: 'similar-hash', keep: PARTS_SHOWN })
  const [error, setError] = useState<ErrorShape | undefined>(undefined)
  const mayHash = useMayCall('similar:hash-all')
  const mayCancel = useMayCall('jobs:cancel')
  const running = status.data?.job
  useEffect(() => {
    if (running) track(running)
  }, [running, track])

  if (status.error) return <ErrorLine>Could not read the hashing status: {status.error.message}</ErrorLine>
  if (!status.data) return <p aria-live="polite">Reading the hashing status…</p>
  const { hashed, waiting, failed } = status.data
  const unfinished = jobs.filter((tracked) => !isFinished(tracked.job))
  const shown = unfinished.length > 0 ? unfinished : jobs.slice(0, 1)
  const busy = unfinished.length > 0
  const start = () => {
    setError(undefined)
    write('similar:hash-all', {}).then(
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
      {waiting > 0 && !busy && mayHash && (
        <button type="button" className="primary" data-needs="similar:hash-all" onClick={start}>
          Find near-duplicates
        </button>
      )}
      {shown.map((job) => (
        <JobLine
          key={job.job.id}
          tracked={job}
          onCancel={mayCancel ? () => void write('jobs:cancel', { jobId: job.job.id }).catch(() => {}) : undefined}
          outcome={(ended) =>
            unfinishedWords(ended) ??
            (ended.result
              ? `Hashed ${ended.result.counts.hashed.toLocaleString()}${ended.result.counts.failed > 0 ? `; ${ended.result.counts.failed.toLocaleString()} could not be hashed` : ''}.`
              : 'Done.')
          }
        />
      ))}
      {error && <ErrorLine>Could not start hashing: {error.message}</ErrorLine>}
    </section>
  )
}
