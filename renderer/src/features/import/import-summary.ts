import type { ImportEntry } from './import-entries'
import type { UploadBatch } from './import-slice'
import type { WorkflowFile } from './workflow-files-slice'
import { figures, isActive } from './ImportJobCard'
import { uploadTotals } from './UploadCard'

/** One part of the panel's summary line; `alarm` parts (failures) are shown in the danger colour. */
export interface SummaryPart {
  text: string
  alarm: boolean
}

/** The one line the folded panel shows: uploads and running jobs with their progress, jobs by state, then dropped JSON. */
export function summaryParts(
  entries: ImportEntry[],
  uploads: UploadBatch[],
  workflowFiles: readonly WorkflowFile[] = [],
): SummaryPart[] {
  const parts: SummaryPart[] = []
  for (const batch of uploads) {
    const { sent, total } = uploadTotals(batch)
    const percent = total > 0 ? Math.floor((sent / total) * 100) : 0
    parts.push({
      text: `uploading ${batch.files.length} ${batch.files.length === 1 ? 'file' : 'files'} (${percent}%)`,
      alarm: false,
    })
  }
  const running = entries.filter((entry) => entry.job.state === 'running')
  if (running.length > 0) {
    const done = running.reduce((sum, entry) => sum + figures(entry).filesDone, 0)
    const total = running.reduce((sum, entry) => sum + (figures(entry).filesTotal ?? 0), 0)
    parts.push({ text: `running ${running.length} (${done} of ${total} files)`, alarm: false })
  }
  const count = (state: string) => entries.filter((entry) => entry.job.state === state).length
  for (const [state, label] of [
    ['queued', 'queued'],
    ['failed', 'failed'],
    ['cancelled', 'cancelled'],
    ['done', 'done'],
  ] as const) {
    const n = count(state)
    if (n > 0) parts.push({ text: `${label} ${n}`, alarm: state === 'failed' })
  }
  const failedFiles = entries.reduce((sum, entry) => sum + entry.job.counts.failed, 0)
  if (failedFiles > 0)
    parts.push({ text: `${failedFiles} ${failedFiles === 1 ? 'file' : 'files'} failed`, alarm: true })
  const offered = workflowFiles.filter((file) => file.state === 'offered').length
  if (offered > 0) parts.push({ text: `${offered} workflow ${offered === 1 ? 'file' : 'files'} to add`, alarm: false })
  const refused = workflowFiles.filter((file) => file.state === 'refused').length
  if (refused > 0) parts.push({ text: `${refused} JSON ${refused === 1 ? 'file' : 'files'} not imported`, alarm: true })
  return parts
}

/** How far the uploads and running imports are together (0–100), or undefined when nothing runs. */
export function runningPercent(entries: ImportEntry[], uploads: UploadBatch[]): number | undefined {
  const shares: number[] = uploads.map((batch) => {
    const { sent, total } = uploadTotals(batch)
    return total > 0 ? sent / total : 0
  })
  for (const entry of entries) {
    if (!isActive(entry.job)) continue
    const { filesDone, filesTotal, bytesDone, bytesTotal } = figures(entry)
    shares.push(bytesTotal ? bytesDone / bytesTotal : filesTotal ? filesDone / filesTotal : 0)
  }
  if (shares.length === 0) return undefined
  return Math.min(100, Math.floor((shares.reduce((sum, share) => sum + share, 0) / shares.length) * 100))
}

/** True when a finished import holds something a person should read: a failed job, failed files or duplicates. */
export function needsLook(entry: ImportEntry): boolean {
  return entry.job.state === 'failed' || entry.job.counts.failed + entry.job.counts.duplicate > 0
}
