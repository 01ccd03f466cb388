import './import.css'
import { useCallback, useEffect, useId, useRef, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useAppStore } from '../../app/use-app-store'
import { useRecentImports } from './use-recent-imports'
import { useQuery } from '@tanstack/react-query'
import { api } from '../../api/index'
import { libraryInfoQuery } from '../../api/library-info'
import { ProgressBar } from '../../ui/ProgressBar'
import { useOutsidePress } from '../../ui/use-outside-press'
import { runningPercent, summaryParts } from './import-summary'
import { ImportJobCard, isActive } from './ImportJobCard'
import { CancelledUploadCard, UploadCard } from './UploadCard'
import { WorkflowFilesCard } from './WorkflowFilesCard'
import { useFoldWhenDone } from './use-fold-when-done'
import { useWhoseImports } from './use-whose-imports'
import { ownerLabel } from './whose-imports'

/**
 * The imports as one line in the library's head: a toggle, a summary (with a thin progress bar
 * while something runs) and, opened, a panel that floats over the page rather than pushing the
 * grid down. It starts folded, closes on Escape or a click outside, and folds by itself once the
 * imports it watched end cleanly. Jobs the user dismissed stay hidden, after a reload too. On a team hub it shows
 * the person's own imports unless they tick "Everyone's imports", which names whose each one is.
 */
export function ImportPanel() {
  const info = useQuery(libraryInfoQuery(api))
  const libraryId = info.data?.id
  const infoFailed = info.isError
  const imports = useRecentImports()
  const { dismissed, uploads, cancelledUploads, workflowFiles, loadDismissed, dismissJob, restoreWorkflowFiles } =
    useAppStore(
      useShallow((s) => ({
        dismissed: s.dismissedImports,
        uploads: s.uploads,
        cancelledUploads: s.cancelledUploads,
        workflowFiles: s.workflowFiles,
        loadDismissed: s.loadDismissed,
        dismissJob: s.dismissJob,
        restoreWorkflowFiles: s.restoreWorkflowFiles,
      })),
    )
  const [open, setOpen] = useState(false)
  const root = useRef<HTMLDivElement>(null)
  const toggle = useRef<HTMLButtonElement>(null)
  const bodyId = useId()
  const close = useCallback(() => setOpen(false), [])
  useEffect(() => {
    if (!libraryId) return
    loadDismissed(libraryId)
    restoreWorkflowFiles(libraryId)
  }, [libraryId, loadDismissed, restoreWorkflowFiles])

  // Until the library's id is known, its dismissals are not: show nothing rather than flash dismissed jobs.
  const undismissed = libraryId || infoFailed ? imports.filter((entry) => !dismissed.includes(entry.job.id)) : []
  const { me, everyone, setEveryone, visible: shown, others } = useWhoseImports(undismissed)
  // A dropped workflow waits for a decision: the panel opens to offer it, and does not fold while it waits.
  const [offersSeen, setOffersSeen] = useState(workflowFiles.length)
  if (workflowFiles.length !== offersSeen) {
    setOffersSeen(workflowFiles.length)
    if (workflowFiles.length > offersSeen) setOpen(true)
  }
  const undecided = workflowFiles.some((file) => file.state !== 'added' && file.state !== 'refused')
  useFoldWhenDone(root, open, shown, uploads.length > 0 || undecided, close)
  useOutsidePress(root, open, close)
  // Teammates' imports alone still show the panel (folded, saying so), so everyone's can be asked for.
  const nothing = undismissed.length + uploads.length + cancelledUploads.length + workflowFiles.length === 0
  if (nothing) return null
  const finished = shown.filter((entry) => !isActive(entry.job))
  const percent = runningPercent(shown, uploads)
  const parts = summaryParts(shown, uploads, workflowFiles)
  if (cancelledUploads.length > 0) parts.push({ text: 'upload cancelled', alarm: false })
  if (parts.length === 0 && others > 0) parts.push({ text: `${others} by others`, alarm: false })

  return (
    <div
      ref={root}
      className="import-panel"
      data-testid="import-panel"
      data-open={open}
      data-alarm={parts.some((part) => part.alarm)}
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || !open) return
        // Escape is the panel's here, not the library's (which would clear the selection).
        event.stopPropagation()
        setOpen(false)
        toggle.current?.focus()
      }}
    >
      <div className="import-panel-head">
        <button
          ref={toggle}
          type="button"
          className="import-panel-toggle"
          aria-expanded={open}
          aria-controls={open ? bodyId : undefined}
          data-testid="import-panel-toggle"
          onClick={() => setOpen(!open)}
        >
          <span aria-hidden="true">{open ? '▾' : '▸'}</span> Imports
        </button>
        <span className="import-summary" data-testid="import-summary">
          {parts.map((part, index) => (
            <span key={part.text} className={part.alarm ? 'summary-part alarm' : 'summary-part'}>
              {index > 0 && ' · '}
              {part.text}
            </span>
          ))}
        </span>
        {percent !== undefined && <ProgressBar label="Imports" percent={percent} className="import-panel-progress" />}
      </div>
      {open && (
        <section className="import-panel-body" id={bodyId} aria-label="Imports" data-testid="import-panel-body">
          <div className="import-panel-tools">
            {/* Shown where the head has no room for the summary (a narrow window); the head's copy is the one read out. */}
            <p className="summary-again" aria-hidden="true">
              {parts.map((part) => part.text).join(' · ')}
            </p>
            {me !== null && (
              <label className="import-everyone">
                <input
                  type="checkbox"
                  checked={everyone}
                  data-testid="import-everyone"
                  onChange={(event) => setEveryone(event.target.checked)}
                />{' '}
                Everyone's imports
              </label>
            )}
            {finished.length > 0 && (
              <button
                type="button"
                className="link-button"
                onClick={() => finished.forEach((entry) => dismissJob(entry.job.id))}
              >
                Clear finished
              </button>
            )}
          </div>
          {uploads.map((batch) => (
            <UploadCard key={batch.id} batch={batch} />
          ))}
          {cancelledUploads.map((note) => (
            <CancelledUploadCard key={note.id} note={note} />
          ))}
          {workflowFiles.length > 0 && <WorkflowFilesCard files={workflowFiles} />}
          {shown.map((entry) => (
            <ImportJobCard
              key={entry.job.id}
              entry={entry}
              owner={me !== null && everyone ? ownerLabel(entry.job, me) : null}
            />
          ))}
        </section>
      )}
    </div>
  )
}
