import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { ErrorShape } from '../../../../shared/errors'
import { formatDateTime } from '../../format'
import { useAppStore } from '../../store/use-app-store'
import { HealthItemList, itemsWith } from './HealthItemList'
import { HealthJobProgress } from './HealthJobProgress'
import { isFinished } from './health-slice'
import { jobSummary } from './job-summary'

/** "Verify library": re-hashes every asset's file, with progress and Cancel, then says what it found. */
export function VerifyPanel() {
  const { job, progress, items, startVerify, cancel } = useAppStore(
    useShallow((s) => {
      const newest = s.healthJobs.find((known) => known.kind === 'verify')
      return {
        job: newest,
        progress: newest && s.healthProgress[newest.id],
        items: newest && s.healthItems[newest.id],
        startVerify: s.startVerify,
        cancel: s.cancelHealthJob,
      }
    }),
  )
  const [refusal, setRefusal] = useState<ErrorShape | undefined>(undefined)
  const [starting, setStarting] = useState(false)
  const active = job !== undefined && !isFinished(job)
  const unreadable = itemsWith(items, 'failed', 'skipped')

  return (
    <article className="health-panel" aria-labelledby="verify-title" data-testid="verify-panel">
      <h3 id="verify-title">Verify files</h3>
      <p className="health-help">
        Reads every asset’s file again and compares it with the checksum taken at import: files that are gone are
        flagged missing, files whose bytes differ are flagged changed.
      </p>
      <button
        type="button"
        className="primary"
        disabled={active || starting}
        onClick={async () => {
          setStarting(true)
          setRefusal(await startVerify())
          setStarting(false)
        }}
      >
        Verify library
      </button>
      {refusal && (
        <p className="error" role="alert">
          Verify could not start: {refusal.message}
        </p>
      )}
      {job && active && <HealthJobProgress job={job} progress={progress} onCancel={() => void cancel(job.id)} />}
      {job && !active && (
        <div className="health-result" data-testid="verify-result" data-state={job.state}>
          <p>
            <span className="health-when">{job.finishedAt && formatDateTime(job.finishedAt)}</span> {jobSummary(job)}
          </p>
          {job.error && <p className="error">{job.error}</p>}
          {unreadable.length > 0 && (
            <HealthItemList items={unreadable} label="Files that could not be checked" testId="verify-unreadable" />
          )}
        </div>
      )}
    </article>
  )
}
