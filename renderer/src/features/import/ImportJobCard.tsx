import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { ImportJob } from '../../../../shared/contract'
import { formatBytes, formatDateTime, formatDuration } from '../../format'
import { useAppStore } from '../../app/use-app-store'
import { ProgressBar } from '../../ui/ProgressBar'
import type { ImportEntry } from './import-entries'
import { ImportItemList } from './ImportItemList'

const STATE_LABEL: Record<ImportJob['state'], string> = {
  queued: 'Queued',
  running: 'Importing',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
}

/**
 * One import: its state, whose it is (`owner`, "Vera's", among a hub's everyone's imports), progress in files and
 * bytes, the file at hand, and (on demand) what became of each file.
 */
export function ImportJobCard({ entry, owner = null }: { entry: ImportEntry; owner?: string | null }) {
  const { cancelImport, dismissJob } = useAppStore(
    useShallow((s) => ({ cancelImport: s.cancelImport, dismissJob: s.dismissJob })),
  )
  const { job, progress } = entry
  const active = isActive(job)
  // The file list opens by itself once something needs a look (a failure, a duplicate), unless the user chose.
  const [filesChosen, setFilesChosen] = useState<boolean | undefined>(undefined)
  const filesOpen = filesChosen ?? job.counts.failed + job.counts.duplicate > 0
  const { filesDone, filesTotal, bytesDone, bytesTotal } = figures(entry)
  const percent = job.state === 'done' ? 100 : (fraction(bytesDone, bytesTotal) ?? fraction(filesDone, filesTotal) ?? 0)
  const outcomes = job.counts.imported + job.counts.duplicate + job.counts.failed

  return (
    <article className="import-job" data-testid="import-job" data-job-id={job.id} data-state={job.state}>
      <header className="import-job-head">
        <span className={`job-state state-${job.state}`}>{STATE_LABEL[job.state]}</span>
        <span className="job-when">
          {owner ? (
            <span className="job-owner" data-testid="import-owner">
              {owner} {job.link ? 'link' : 'import'}
            </span>
          ) : job.link ? (
            'Link'
          ) : (
            'Import'
          )}{' '}
          {formatDateTime(job.createdAt)}
          {job.startedAt &&
            job.finishedAt &&
            ` · took ${formatDuration(elapsedSeconds(job.startedAt, job.finishedAt))}`}
        </span>
        {/* A finished import is one line: its figures join the head. */}
        {!active && <Figures entry={entry} />}
        <span className="job-counts" data-testid="import-counts">
          {countsText(job)}
        </span>
        {outcomes > 0 && (
          <button
            type="button"
            className="link-button"
            aria-expanded={filesOpen}
            data-testid="import-files-toggle"
            onClick={() => setFilesChosen(!filesOpen)}
          >
            {filesOpen ? 'Hide files' : `Files (${outcomes})`}
          </button>
        )}
        {active ? (
          <button type="button" onClick={() => void cancelImport(job.id)}>
            Cancel
          </button>
        ) : (
          <button
            type="button"
            onClick={() => dismissJob(job.id)}
            aria-label={`Dismiss import ${formatDateTime(job.createdAt)}`}
          >
            Dismiss
          </button>
        )}
      </header>
      {active && (
        <>
          <ProgressBar percent={percent} />
          <p className="job-figures">
            <Figures entry={entry} />
            {progress?.current && <span className="job-current"> · Now: {progress.current}</span>}
          </p>
        </>
      )}
      {job.error && <p className="error">{job.error}</p>}
      {filesOpen && outcomes > 0 && <ImportItemList entry={entry} />}
    </article>
  )
}

function Figures({ entry }: { entry: ImportEntry }) {
  const { filesDone, filesTotal, bytesDone, bytesTotal } = figures(entry)
  return (
    <span className="job-files" data-testid="import-figures">
      Files {filesDone} / {filesTotal ?? '…'}
      {bytesTotal !== null &&
        ` · ${isActive(entry.job) ? `${formatBytes(bytesDone)} of ` : ''}${formatBytes(bytesTotal)}`}
    </span>
  )
}

/** True while a job is queued or running. */
export function isActive(job: ImportJob): boolean {
  return job.state === 'queued' || job.state === 'running'
}

/** Files and bytes done: live while the job runs; after a reload, the figures stored when it ended. */
export function figures({ job, progress }: ImportEntry) {
  const filesDone =
    progress?.filesDone ?? job.filesDone ?? job.counts.imported + job.counts.duplicate + job.counts.failed
  const filesTotal = progress?.filesTotal ?? job.filesTotal
  const bytesTotal = progress?.bytesTotal ?? job.bytesTotal
  const bytesDone = progress?.bytesDone ?? job.bytesDone ?? (job.state === 'done' ? (bytesTotal ?? 0) : 0)
  return { filesDone, filesTotal, bytesDone, bytesTotal }
}

function countsText({ counts }: ImportJob): string {
  const parts = [
    counts.imported > 0 && `${counts.imported} imported`,
    counts.duplicate > 0 && `${counts.duplicate} ${counts.duplicate === 1 ? 'duplicate' : 'duplicates'}`,
    counts.failed > 0 && `${counts.failed} failed`,
  ]
  return parts.filter(Boolean).join(' · ')
}

function fraction(done: number, total: number | null): number | undefined {
  return total ? Math.min(100, Math.round((done / total) * 100)) : undefined
}

function elapsedSeconds(from: string, to: string): number {
  return Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000)
}
