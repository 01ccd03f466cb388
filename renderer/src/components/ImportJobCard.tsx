import { useShallow } from 'zustand/react/shallow'
import type { ImportItem, ImportJob } from '../../../shared/contract'
import { formatBytes, formatDateTime, formatDuration } from '../format'
import type { ImportEntry } from '../store/import-slice'
import { useAppStore } from '../store/use-app-store'

const STATE_LABEL: Record<ImportJob['state'], string> = {
  queued: 'Queued',
  running: 'Importing',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
}
// Jobs of thousands of files would drown the panel; the rest stays countable.
const ITEMS_SHOWN = 200

/** One import: its state, progress in files and bytes, the file at hand, and what became of each file. */
export function ImportJobCard({ entry }: { entry: ImportEntry }) {
  const { cancelImport, dismissJob } = useAppStore(
    useShallow((s) => ({ cancelImport: s.cancelImport, dismissJob: s.dismissJob })),
  )
  const { job, progress, items } = entry
  const active = job.state === 'queued' || job.state === 'running'
  // Live progress while it runs; after a reload, the figures stored when the job ended.
  const filesDone =
    progress?.filesDone ?? job.filesDone ?? job.counts.imported + job.counts.duplicate + job.counts.failed
  const filesTotal = progress?.filesTotal ?? job.filesTotal
  const bytesTotal = progress?.bytesTotal ?? job.bytesTotal
  const bytesDone = progress?.bytesDone ?? job.bytesDone ?? (job.state === 'done' ? (bytesTotal ?? 0) : 0)
  const percent = job.state === 'done' ? 100 : (fraction(bytesDone, bytesTotal) ?? fraction(filesDone, filesTotal) ?? 0)

  return (
    <article className="import-job" data-testid="import-job" data-job-id={job.id} data-state={job.state}>
      <header className="import-job-head">
        <span className={`job-state state-${job.state}`}>{STATE_LABEL[job.state]}</span>
        <span className="job-when">
          {job.link ? 'Link' : 'Import'} started {formatDateTime(job.createdAt)}
          {job.startedAt &&
            job.finishedAt &&
            ` · took ${formatDuration(elapsedSeconds(job.startedAt, job.finishedAt))}`}
        </span>
        <span className="job-counts" data-testid="import-counts">
          {countsText(job)}
        </span>
        {active ? (
          <button type="button" onClick={() => void cancelImport(job.id)}>
            Cancel
          </button>
        ) : (
          <button type="button" onClick={() => dismissJob(job.id)}>
            Dismiss
          </button>
        )}
      </header>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <p className="job-figures" data-testid="import-figures">
        Files {filesDone} / {filesTotal ?? '…'}
        {bytesTotal !== null && ` · ${formatBytes(bytesDone)} of ${formatBytes(bytesTotal)}`}
        {active && progress?.current && <span className="job-current"> · Now: {progress.current}</span>}
      </p>
      {job.error && <p className="error">{job.error}</p>}
      {items.length > 0 && (
        <ul className="import-items">
          {items.slice(0, ITEMS_SHOWN).map((item) => (
            <li key={item.seq} data-testid="import-item" data-outcome={item.outcome}>
              <span className="item-name" title={item.path}>
                {item.name}
              </span>
              <span className={`item-outcome outcome-${item.outcome}`}>{outcomeText(item)}</span>
            </li>
          ))}
          {items.length > ITEMS_SHOWN && <li className="more-items">and {items.length - ITEMS_SHOWN} more</li>}
        </ul>
      )}
    </article>
  )
}

function countsText({ counts }: ImportJob): string {
  const parts = [
    counts.imported > 0 && `${counts.imported} imported`,
    counts.duplicate > 0 && `${counts.duplicate} ${counts.duplicate === 1 ? 'duplicate' : 'duplicates'}`,
    counts.failed > 0 && `${counts.failed} failed`,
  ]
  return parts.filter(Boolean).join(' · ')
}

function outcomeText(item: ImportItem): string {
  // An imported file's reason is a warning about it, such as "damaged: …".
  if (item.outcome === 'imported') return item.reason ? `imported (${item.reason})` : 'imported'
  if (item.outcome === 'duplicate') return `duplicate of ${item.asset?.name ?? 'an asset already in the library'}`
  return `failed: ${item.reason ?? 'no reason given'}`
}

function fraction(done: number, total: number | null): number | undefined {
  return total ? Math.min(100, Math.round((done / total) * 100)) : undefined
}

function elapsedSeconds(from: string, to: string): number {
  return Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000)
}
