import type { ImportJob, ImportProgress, JobOf, JobProgress } from '../../shared/contract'
import type { ImportSummary } from '../db/repos/import-items'

/**
 * An import job as `import:*` show it: its params, its totals (stored once it ends, from its
 * progress while it runs here), and what its recorded outcomes add up to: the counts always, the
 * files and bytes done once it has ended (an interrupted import's outcomes tell what it got through).
 */
export function importJobView(job: JobOf<'import'>, summary: ImportSummary): ImportJob {
  const ended = job.state !== 'queued' && job.state !== 'running'
  return {
    id: job.id,
    state: job.state,
    source: job.params.source,
    link: job.params.link,
    importedBy: job.params.importedBy,
    requestedBy: job.requestedBy,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    filesTotal: job.result?.files.total ?? job.progress?.files?.total ?? null,
    bytesTotal: job.result?.bytes.total ?? job.progress?.bytes?.total ?? null,
    filesDone: ended ? summary.files : null,
    bytesDone: ended ? summary.bytes : null,
    counts: summary.counts,
    error: job.error,
  }
}

/** A running import's progress as `import:progress` tells it. */
export function importProgressView(jobId: string, progress: JobProgress): ImportProgress {
  return {
    jobId,
    filesDone: progress.files?.done ?? 0,
    filesTotal: progress.files?.total ?? null,
    bytesDone: progress.bytes?.done ?? 0,
    bytesTotal: progress.bytes?.total ?? null,
    current: progress.doing,
  }
}
