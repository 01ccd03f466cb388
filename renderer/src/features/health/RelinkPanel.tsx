import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { ErrorShape } from '../../../../shared/errors'
import { formatDateTime } from '../../format'
import { useAppStore } from '../../store/use-app-store'
import { HealthItemList, itemsWith } from './HealthItemList'
import { HealthJobProgress } from './HealthJobProgress'
import { isFinished } from './health-slice'
import { jobSummary } from './job-summary'

/**
 * "Relink…": looks in a folder for the files of linked assets that went missing. Under Electron
 * the OS folder dialog fills the path; elsewhere it is typed, and the backend's path gate decides
 * which folders may be searched (its refusal is shown as it says it).
 */
export function RelinkPanel() {
  const { job, progress, items, startRelink, cancel, chooseFolder } = useAppStore(
    useShallow((s) => {
      const newest = s.healthJobs.find((known) => known.kind === 'relink')
      return {
        job: newest,
        progress: newest && s.healthProgress[newest.id],
        items: newest && s.healthItems[newest.id],
        startRelink: s.startRelink,
        cancel: s.cancelHealthJob,
        chooseFolder: s.chooseHealthFolder,
      }
    }),
  )
  const [folder, setFolder] = useState('')
  const [refusal, setRefusal] = useState<ErrorShape | undefined>(undefined)
  const [starting, setStarting] = useState(false)
  const active = job !== undefined && !isFinished(job)

  const groups = [
    { label: 'Relinked', testId: 'relinked', items: itemsWith(items, 'relinked') },
    { label: 'Still missing', testId: 'still-missing', items: itemsWith(items, 'missing') },
    { label: 'Copied into the library (cannot be relinked)', testId: 'copied', items: itemsWith(items, 'copied') },
    { label: 'Could not be read', testId: 'relink-failed', items: itemsWith(items, 'failed') },
  ].filter((group) => group.items.length > 0)

  return (
    <article className="health-panel" aria-labelledby="relink-title" data-testid="relink-panel">
      <h3 id="relink-title">Relink moved files</h3>
      <p className="health-help">
        A linked file that was moved is found again in a folder you name (and its subfolders) by its size, sampled id
        and checksum. Copied assets live in the library and cannot be relinked.
      </p>
      <form
        className="health-relink-form"
        onSubmit={async (event) => {
          event.preventDefault()
          if (folder.trim() === '') return
          setStarting(true)
          setRefusal(await startRelink(folder.trim()))
          setStarting(false)
        }}
      >
        <label htmlFor="relink-folder">Folder to search</label>
        <input
          id="relink-folder"
          type="text"
          value={folder}
          placeholder="/Volumes/Footage/moved"
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => {
            setFolder(event.target.value)
            setRefusal(undefined)
          }}
        />
        {chooseFolder && (
          <button
            type="button"
            onClick={async () => {
              const chosen = await chooseFolder()
              if (chosen) setFolder(chosen)
            }}
          >
            Choose…
          </button>
        )}
        <button type="submit" disabled={active || starting || folder.trim() === ''}>
          Relink…
        </button>
      </form>
      {refusal && (
        <p className="error" role="alert" data-testid="relink-refusal">
          Relink could not start: {refusal.message}
        </p>
      )}
      {job && active && <HealthJobProgress job={job} progress={progress} onCancel={() => void cancel(job.id)} />}
      {job && !active && (
        <div className="health-result" data-testid="relink-result" data-state={job.state}>
          <p>
            <span className="health-when">{job.finishedAt && formatDateTime(job.finishedAt)}</span> In {job.folder}:{' '}
            {jobSummary(job)}
          </p>
          {job.error && <p className="error">{job.error}</p>}
          {groups.map((group) => (
            <details key={group.testId} open={group.items.length <= 20}>
              <summary>
                {group.label} ({group.items.length.toLocaleString()})
              </summary>
              <HealthItemList items={group.items} label={group.label} testId={`relink-${group.testId}`} />
            </details>
          ))}
        </div>
      )}
    </article>
  )
}
