import { skipToken, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { api } from '../../api/index'
import { formatBytes, formatDateTime } from '../../format'
import { BACKUP_RUN, backUp, backupRunOf, backupsQuery, type BackupRun } from './backups'
import { BusyButton } from '../../ui/BusyButton'
import { ProgressBar } from '../../ui/ProgressBar'
import { RestoreBackupForm } from './RestoreBackupForm'
import { ErrorLine } from '../../ui/ErrorLine'

/** Backing the library's database up into its backups folder, with progress, and the backups made so far. */
export function BackupPanel() {
  const cache = useQueryClient()
  // The panel lives on the info page: the list is fetched whenever the page is opened.
  const list = useQuery(backupsQuery(api))
  const backups = list.data?.backups ?? []
  const folder = list.data?.folder
  // followBackups and backUp write this entry; the panel only listens to it.
  const run = useQuery<BackupRun>({ queryKey: BACKUP_RUN, queryFn: skipToken }).data ?? backupRunOf(cache)
  const [restoring, setRestoring] = useState<string | undefined>(undefined)

  return (
    <section className="backups" aria-labelledby="backups-title">
      <div className="page-head">
        <h2 id="backups-title">Backups</h2>
        <BusyButton busy={run.status === 'running'} className="primary" onClick={() => void backUp(api, cache)}>
          Back up now
        </BusyButton>
      </div>
      <p className="backups-note">
        A backup is a verified copy of the library database (catalogue, import history, metadata), taken safely while
        imports run. It does not contain the media files.{folder && ` Backups are written to ${folder}.`}
      </p>
      <BackupRunStatus run={run} />
      {list.error && <ErrorLine>{list.error.message}</ErrorLine>}
      {backups.length === 0 ? (
        <p className="empty">No backups yet.</p>
      ) : (
        <table className="tables backup-list">
          <thead>
            <tr>
              <th scope="col">Backup</th>
              <th scope="col">Size</th>
              <th scope="col">Written</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {backups.map((backup) => (
              <tr key={backup.name} data-testid="backup-row">
                <td>{backup.name}</td>
                <td title={`${backup.bytes} bytes`}>{formatBytes(backup.bytes)}</td>
                <td>{formatDateTime(backup.modifiedAt)}</td>
                <td>
                  <button type="button" onClick={() => setRestoring(backup.name)} aria-label={`Restore ${backup.name}`}>
                    Restore…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {restoring && <RestoreBackupForm key={restoring} backup={restoring} onClose={() => setRestoring(undefined)} />}
    </section>
  )
}

function BackupRunStatus({ run }: { run: BackupRun }) {
  if (run.status === 'idle') return null
  if (run.status === 'failed') {
    return (
      <p className="error" role="alert">
        Backup failed: {run.error.message}
      </p>
    )
  }
  const percent = run.status === 'done' ? 100 : run.pagesTotal ? Math.round((run.pagesDone / run.pagesTotal) * 100) : 0
  return (
    <div className="backup-run" data-testid="backup-run" data-status={run.status}>
      <ProgressBar label="Backup" percent={percent} />
      <p className="job-figures" role="status">
        {run.status === 'running'
          ? `Backing up… ${run.pagesDone} of ${run.pagesTotal || '…'} pages`
          : `Backed up and verified: ${run.result.name}, ${formatBytes(run.result.bytes)} in ${run.result.seconds.toFixed(2)} s`}
      </p>
    </div>
  )
}

/** What a hub shows in the place of backups: its catalogue and files are backed up outside the app. */
export function HubBackupNote({ filesAt }: { filesAt: string | null }) {
  return (
    <section className="backups" aria-labelledby="backups-title">
      <h2 id="backups-title">Backups</h2>
      {filesAt === null ? (
        <p className="backups-note" data-testid="hub-backup-note">
          A team hub keeps its catalogue in PostgreSQL and its media in the folder above: back up the database named
          above with <code>pg_dump</code>, and the folder with a copy of it.
        </p>
      ) : (
        <p className="backups-note" data-testid="hub-backup-note">
          A team hub keeps its catalogue in PostgreSQL and its media in {filesAt}: back up the database named above with{' '}
          <code>pg_dump</code>, and the bucket with your storage&apos;s versioning or replication. The folder above
          holds only copies downloaded for analyses and uploads in progress: it needs no backup.
        </p>
      )}
    </section>
  )
}
