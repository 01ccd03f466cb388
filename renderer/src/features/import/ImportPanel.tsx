import './import.css'
import { useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useAppStore } from '../../app/use-app-store'
import type { ImportEntry } from './import-entries'
import type { UploadBatch } from './import-slice'
import { figures, ImportJobCard, isActive } from './ImportJobCard'
import { UploadCard, uploadTotals } from './UploadCard'

const OPEN_KEY = 'framevault:import-panel-open'
// Below this width the open panel (even at its bounded height) covers most of the library, so it
// starts folded there; its summary line still shows what runs and what failed.
const NARROW = '(max-width: 599px)'

/**
 * The imports in one compact panel above the grid: a summary line that folds the rest away, and
 * a body of bounded height that scrolls, so imports never push the grid out of view. Jobs the
 * user dismissed stay hidden, after a reload too.
 */
export function ImportPanel() {
  const { imports, dismissed, uploads, libraryId, infoFailed, loadDismissed, dismissJob } = useAppStore(
    useShallow((s) => ({
      imports: s.imports,
      dismissed: s.dismissedImports,
      uploads: s.uploads,
      libraryId: s.info?.id,
      infoFailed: s.infoStatus === 'failed',
      loadDismissed: s.loadDismissed,
      dismissJob: s.dismissJob,
    })),
  )
  const [open, setOpen] = useState(() => readOpen())
  useEffect(() => {
    if (libraryId) loadDismissed(libraryId)
  }, [libraryId, loadDismissed])

  // Until the library's id is known, its dismissals are not: show nothing rather than flash dismissed jobs.
  const shown = libraryId || infoFailed ? imports.filter((entry) => !dismissed.includes(entry.job.id)) : []
  if (shown.length === 0 && uploads.length === 0) return null
  const finished = shown.filter((entry) => !isActive(entry.job))
  const toggle = () => {
    setOpen(!open)
    writeOpen(!open)
  }

  return (
    <section className="import-panel" aria-label="Imports" data-testid="import-panel" data-open={open}>
      <header className="import-panel-head">
        <button
          type="button"
          className="import-panel-toggle"
          aria-expanded={open}
          aria-controls="import-panel-body"
          data-testid="import-panel-toggle"
          onClick={toggle}
        >
          <span aria-hidden="true">{open ? '▾' : '▸'}</span> Imports
        </button>
        <span className="import-summary" data-testid="import-summary">
          {summaryParts(shown, uploads).map((part, index) => (
            <span key={part.text} className={part.alarm ? 'summary-part alarm' : 'summary-part'}>
              {index > 0 && ' · '}
              {part.text}
            </span>
          ))}
        </span>
        {finished.length > 0 && (
          <button
            type="button"
            className="link-button"
            onClick={() => finished.forEach((entry) => dismissJob(entry.job.id))}
          >
            Clear finished
          </button>
        )}
      </header>
      {open && (
        <div className="import-panel-body" id="import-panel-body">
          {uploads.map((batch) => (
            <UploadCard key={batch.id} batch={batch} />
          ))}
          {shown.map((entry) => (
            <ImportJobCard key={entry.job.id} entry={entry} />
          ))}
        </div>
      )}
    </section>
  )
}

/** The one line the folded panel shows: uploads and running jobs with their progress, then jobs by state. */
function summaryParts(entries: ImportEntry[], uploads: UploadBatch[]): Array<{ text: string; alarm: boolean }> {
  const parts: Array<{ text: string; alarm: boolean }> = []
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
  return parts
}

/** The user's last explicit choice, else open on a wide window and folded on a narrow one. */
function readOpen(): boolean {
  let stored: string | null = null
  try {
    stored = localStorage.getItem(OPEN_KEY)
  } catch {
    // Unavailable storage: no remembered choice.
  }
  if (stored !== null) return stored !== 'false'
  return !(typeof window.matchMedia === 'function' && window.matchMedia(NARROW).matches)
}

function writeOpen(open: boolean): void {
  try {
    localStorage.setItem(OPEN_KEY, String(open))
  } catch {
    // Unavailable storage: the choice lasts until the next reload.
  }
}
