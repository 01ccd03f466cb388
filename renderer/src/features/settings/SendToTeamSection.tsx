import './settings.css'
import { useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import type { PushPreview } from '../../../../shared/contract'
import { api } from '../../api/index'
import { startJob } from '../../api/job-tracker'
import { jobOutcome } from '../batches/index'
import { useTrackedJobs } from '../../api/use-tracked-jobs'
import { ErrorLine } from '../../ui/ErrorLine'
import { JobLine } from '../../ui/JobLine'
import { isFinished } from '../../ui/tracked-job'
import { useSaving } from '../../ui/use-saving'
import { PushPreviewList } from './PushPreviewList'
import { TeamAddressFields } from './TeamAddressFields'
import { lastAddress, rememberAddress } from './team-address'
import { write } from '../../api/queries'

/**
 * "Send to team library…": this library (a person's own) sent to a hub. Preview first: what would be sent, added and
 * skipped as deleted or removed there, changing nothing; then Send, a job with its progress and Cancel. Run again,
 * it sends only what is new, and never what the team took away.
 */
export function SendToTeamSection() {
  const cache = useQueryClient()
  const tracked = useTrackedJobs({ kind: 'push', keep: 1, recent: true }).jobs[0]
  const [address, setAddress] = useState(lastAddress)
  const [token, setToken] = useState('')
  const [collections, setCollections] = useState<'all' | 'none'>('all')
  const [preview, setPreview] = useState<PushPreview | null>(null)
  const { busy, error, setError, save } = useSaving()
  const sending = tracked !== undefined && !isFinished(tracked.job)
  const request = () => ({ address, token, collections })

  const previewIt = (event: FormEvent) => {
    event.preventDefault()
    setPreview(null)
    void save(async () => {
      const shown = await api['push:preview'](request())
      setPreview(shown)
      rememberAddress(shown.origin)
    })
  }
  const send = () =>
    void save(async () => {
      const refusal = await startJob(cache, () => write('push:start', request()))
      if (refusal) return setError(refusal.message)
      // The token is the person's key: not kept in the form once it has been used.
      setToken('')
      setPreview(null)
    })
  const edit = <T,>(set: (value: T) => void, value: T) => {
    set(value)
    setError(null)
    setPreview(null)
  }

  return (
    <section className="team-library send-to-team" aria-labelledby="send-to-team-title">
      <h2 id="send-to-team-title">Send to team library…</h2>
      <p className="muted">
        Sends this library&apos;s files and what you know of them (tags, collections, ratings, notes, analyses,
        workflows) to a team library. Files it has already are not sent again; what your team deleted or removed there
        stays removed. Preview first: nothing changes until you press Send.
      </p>
      <form className="address-form" onSubmit={previewIt} aria-label="Send to team library">
        <TeamAddressFields
          idPrefix="send-to-team"
          address={address}
          token={token}
          disabled={busy || sending}
          onAddress={(value) => edit(setAddress, value)}
          onToken={(value) => edit(setToken, value)}
        />
        <label htmlFor="send-to-team-collections">Collections</label>
        <select
          id="send-to-team-collections"
          value={collections}
          disabled={busy || sending}
          onChange={(event) => edit(setCollections, event.target.value as 'all' | 'none')}
        >
          <option value="all">Send every collection</option>
          <option value="none">Send no collections</option>
        </select>
        <button
          type="submit"
          data-needs="push:preview"
          disabled={busy || sending || address.trim() === '' || token.trim() === ''}
        >
          {busy && !preview ? 'Looking…' : 'Preview'}
        </button>
      </form>
      {preview && (
        <div className="push-preview" data-testid="push-preview">
          <PushPreviewList preview={preview} />
          <button type="button" className="primary" data-needs="push:start" disabled={busy} onClick={send}>
            Send to {preview.library}
          </button>
        </div>
      )}
      {error && <ErrorLine>Not sent: {error}</ErrorLine>}
      {tracked && (
        <JobLine
          tracked={tracked}
          onCancel={() => void startJob(cache, () => write('jobs:cancel', { jobId: tracked.job.id }))}
          outcome={(job) => (
            <>
              {jobOutcome(job)}
              {job.result && (
                <details>
                  <summary>All it sent</summary>
                  <p className="push-names">{job.result.summary}</p>
                </details>
              )}
            </>
          )}
        />
      )}
    </section>
  )
}
