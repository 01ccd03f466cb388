import { useId } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useAppStore } from '../../app/use-app-store'
import { FORMAT_NAMES } from '../workflows/index'
import type { WorkflowFile } from './workflow-files-slice'

/**
 * The .json files of recent drops: each workflow with "Add as workflow" (and all at once), anything else with why it
 * was not imported.
 */
export function WorkflowFilesCard({ files }: { files: WorkflowFile[] }) {
  const addAll = useAppStore((s) => s.addAllWorkflowFiles)
  const offered = files.filter((file) => file.state === 'offered').length
  const adding = files.some((file) => file.state === 'adding')
  return (
    <article className="import-job workflow-files" data-testid="workflow-files" aria-label="Workflow files">
      <header className="import-job-head">
        <span className="job-state">JSON</span>
        <span className="job-when">Dropped JSON: not media, so not imported.</span>
        {offered > 1 && (
          <button type="button" disabled={adding} onClick={() => void addAll()}>
            Add all {offered} as workflows
          </button>
        )}
      </header>
      <ul className="workflow-file-list">
        {files.map((file) => (
          <WorkflowFileRow key={file.key} file={file} />
        ))}
      </ul>
    </article>
  )
}

function WorkflowFileRow({ file }: { file: WorkflowFile }) {
  const { add, dismiss } = useAppStore(useShallow((s) => ({ add: s.addWorkflowFile, dismiss: s.dismissWorkflowFile })))
  const nameId = useId()
  const offered = file.state === 'offered' || file.state === 'adding'
  return (
    <li className="workflow-file" data-testid="workflow-file" data-state={file.state}>
      <span className="item-name" id={nameId} title={file.fileName}>
        {file.fileName}
      </span>
      <span className={file.state === 'refused' ? 'item-outcome outcome-failed' : 'item-outcome'}>
        <FileOutcome file={file} />
      </span>
      <span className="workflow-file-actions">
        {offered && (
          <button
            type="button"
            disabled={file.state === 'adding'}
            aria-describedby={nameId}
            onClick={() => void add(file.key)}
          >
            {file.state === 'adding' ? 'Adding…' : 'Add as workflow'}
          </button>
        )}
        <button
          type="button"
          className="link-button"
          disabled={file.state === 'adding'}
          aria-label={`Dismiss ${file.fileName}`}
          onClick={() => dismiss(file.key)}
        >
          Dismiss
        </button>
      </span>
    </li>
  )
}

function FileOutcome({ file }: { file: WorkflowFile }) {
  if (file.state === 'reading') return <>Reading…</>
  if (file.state === 'refused') return <>Not imported: {file.problem}</>
  if (file.state === 'added' && file.added) {
    const { id, name, created, version } = file.added
    return (
      <>
        {created ? `Added as “${name}”.` : `Already in Workflows as “${name}” (version ${version}).`}{' '}
        <a href={`#/workflow/${encodeURIComponent(id)}`}>Open in Workflows</a>
      </>
    )
  }
  return (
    <>
      {file.format ? `${FORMAT_NAMES[file.format]} workflow` : 'A workflow'}, not media.
      {file.problem && <span className="outcome-failed"> Could not add it: {file.problem}</span>}
    </>
  )
}
