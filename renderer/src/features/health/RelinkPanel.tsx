import { useState } from 'react'
import { api } from '../../api/index'
import { HealthItemList, itemsWith } from './HealthItemList'
import { HealthJobState } from './HealthJobState'
import { useHealthJob } from './use-health-job'
import { write } from '../../api/queries'

/**
 * "Relink…": looks in a folder for the files of linked assets that went missing. Under Electron
 * the OS folder dialog fills the path; elsewhere it is typed, and the backend's path gate decides
 * which folders may be searched (its refusal is shown as it says it).
 */
export function RelinkPanel() {
  // The OS folder dialog, where the host has one (Electron only).
  const chooseFolder = api.chooseFolder
  const view = useHealthJob('relink')
  const { job, items, folder: searched } = view
  const [folder, setFolder] = useState('')

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
          await view.start(() => write('health:relink', { folder: folder.trim() }))
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
            view.clearRefusal()
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
        <button type="submit" disabled={view.active || view.starting || folder.trim() === ''}>
          Relink…
        </button>
      </form>
      <HealthJobState name="Relink" view={view} where={job && `In ${searched}: `}>
        {groups.map((group) => (
          <details key={group.testId} open={group.items.length <= 20}>
            <summary>
              {group.label} ({group.items.length.toLocaleString()})
            </summary>
            <HealthItemList items={group.items} label={group.label} testId={`relink-${group.testId}`} />
          </details>
        ))}
      </HealthJobState>
    </article>
  )
}
