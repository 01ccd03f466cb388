import { formatBytes } from '../../format'
import { useAppStore } from '../../app/use-app-store'
import { ProgressBar } from '../../ui/ProgressBar'
import type { CancelledUpload, UploadBatch } from './import-slice'

// The files in flight are listed with their own progress; the rest are only counted.
const SENDING_SHOWN = 4

/** A drop being uploaded to the web host: bytes sent in all and of each file in flight, and Cancel. */
export function UploadCard({ batch }: { batch: UploadBatch }) {
  const cancelUpload = useAppStore((s) => s.cancelUpload)
  const { sent, total, done } = uploadTotals(batch)
  const percent = total > 0 ? Math.min(100, Math.floor((sent / total) * 100)) : 0
  const inFlight = batch.files.filter((file) => !file.done && file.sent > 0).slice(0, SENDING_SHOWN)
  const count = batch.files.length

  return (
    <article className="import-job upload-batch" data-testid="upload-batch" aria-label="Upload">
      <header className="import-job-head">
        <span className="job-state state-running">{batch.cancelling ? 'Cancelling' : 'Uploading'}</span>
        <span className="job-when" data-testid="upload-figures">
          {done} of {count} {count === 1 ? 'file' : 'files'} · {formatBytes(sent)} of {formatBytes(total)}
        </span>
        <button type="button" disabled={batch.cancelling} onClick={() => cancelUpload(batch.id)}>
          Cancel
        </button>
      </header>
      <ProgressBar label="Upload" percent={percent} />
      {inFlight.length > 0 && (
        <ul className="upload-files">
          {inFlight.map((file) => (
            <li key={file.name} data-testid="upload-file">
              <span className="item-name">{file.name}</span>
              <span className="item-outcome">
                {formatBytes(file.sent)} of {formatBytes(file.size)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </article>
  )
}

/** What became of a drop whose upload was cancelled, until dismissed. */
export function CancelledUploadCard({ note }: { note: CancelledUpload }) {
  const dismiss = useAppStore((s) => s.dismissCancelledUpload)
  const files = note.files === 1 ? 'the file' : `the ${note.files} files`
  const received =
    note.received === 0
      ? ''
      : ` The ${note.received === 1 ? 'one' : note.received} already sent ${note.received === 1 ? 'was' : 'were'} deleted again.`
  return (
    <article className="import-job upload-batch" data-testid="upload-cancelled" aria-label="Cancelled upload">
      <header className="import-job-head">
        <span className="job-state state-cancelled">Upload cancelled</span>
        <button type="button" onClick={() => dismiss(note.id)}>
          Dismiss
        </button>
      </header>
      <p role="status">
        Nothing of {files} was imported.{received} Drop them again to import them.
      </p>
    </article>
  )
}

/** Bytes sent and in all, and files received, of a drop being uploaded. */
export function uploadTotals(batch: UploadBatch): { sent: number; total: number; done: number } {
  let sent = 0
  let total = 0
  let done = 0
  for (const file of batch.files) {
    sent += file.sent
    total += file.size
    if (file.done) done++
  }
  return { sent, total, done }
}
