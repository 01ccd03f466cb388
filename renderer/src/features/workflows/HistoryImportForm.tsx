import { useState, type FormEvent } from 'react'
import { AbsolutePath, type JobOf } from '../../../../shared/contract'
import { plural } from '../../format'
import { JobLine, unfinishedWords } from '../../ui/JobLine'
import { useHistoryImports } from './use-history-import'
import { ErrorLine } from '../../ui/ErrorLine'

/** "Import ComfyUI history…": a history.json and the output folder it names, imported as a job shown with its progress. */
export function HistoryImportForm({ onClose }: { onClose(): void }) {
  const [paths, setPaths] = useState({ history: '', outputs: '' })
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const imports = useHistoryImports()
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const history = paths.history.trim()
    const outputs = paths.outputs.trim()
    if (!AbsolutePath.safeParse(history).success || !AbsolutePath.safeParse(outputs).success) {
      return setProblem('Type both whole paths, such as /home/you/ComfyUI/history.json and /home/you/ComfyUI/output.')
    }
    setBusy(true)
    setProblem(null)
    const failure = await imports.start(history, outputs)
    setBusy(false)
    if (failure) setProblem(failure.message)
  }
  return (
    <form className="wf-new" aria-label="Import ComfyUI history" onSubmit={(event) => void submit(event)}>
      <p className="muted">
        Save what ComfyUI’s /history answers to a file. Each prompt becomes a run of its workflow, and the files it
        saved in the output folder are imported onto their nodes. Importing the same history again adds nothing twice.
      </p>
      <label className="wf-field">
        History file
        <input
          type="text"
          value={paths.history}
          spellCheck={false}
          placeholder="/path/to/history.json"
          onChange={(event) => setPaths({ ...paths, history: event.target.value })}
        />
      </label>
      <label className="wf-field">
        ComfyUI output folder
        <input
          type="text"
          value={paths.outputs}
          spellCheck={false}
          placeholder="/path/to/ComfyUI/output"
          onChange={(event) => setPaths({ ...paths, outputs: event.target.value })}
        />
      </label>
      {problem && <ErrorLine>{problem}</ErrorLine>}
      {imports.jobs.length > 0 && (
        <ul className="wf-jobs" aria-label="History imports">
          {imports.jobs.map((tracked) => (
            <JobLine
              key={tracked.job.id}
              item
              tracked={tracked}
              onCancel={() => void imports.cancel(tracked.job.id)}
              outcome={outcomeWords}
            />
          ))}
        </ul>
      )}
      <div className="dialog-buttons">
        <button type="button" onClick={onClose}>
          Close
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Starting…' : 'Import history'}
        </button>
      </div>
    </form>
  )
}

/** What a finished history import did, in one line. */
function outcomeWords(job: JobOf<'history-import'>): string {
  const unfinished = unfinishedWords(job)
  if (unfinished) return unfinished
  if (!job.result) return 'Done.'
  const { executions, created, workflows, files, problems } = job.result
  const parts = [
    `${plural(executions, 'run', 'runs')} (${created.toLocaleString()} new) of ${plural(workflows, 'workflow', 'workflows')}`,
    `${plural(files.imported, 'file', 'files')} imported`,
    files.duplicates > 0 ? `${files.duplicates.toLocaleString()} already in the library` : '',
    files.missing > 0 ? `${files.missing.toLocaleString()} missing from the folder` : '',
    files.failed > 0 ? `${files.failed.toLocaleString()} failed` : '',
    problems.length > 0 ? plural(problems.length, 'problem', 'problems') : '',
  ]
  return `Done: ${parts.filter(Boolean).join(', ')}.`
}
