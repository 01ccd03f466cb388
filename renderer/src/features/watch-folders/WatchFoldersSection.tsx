import './watch-folders.css'
import { useRef, useState } from 'react'
import { ErrorLine } from '../../ui/ErrorLine'
import { useMayCall } from '../people/index'
import { AddWatchFolderForm } from './AddWatchFolderForm'
import { useWatchFolders } from './use-watch-folders'
import { WatchEventList } from './WatchEventList'
import { WatchFolderList } from './WatchFolderList'
import { collapseWaiting } from './watch-words'

/**
 * Settings → Watch folders: folders (a ComfyUI output folder, say) whose new files are imported as
 * they appear, each with a Pause/Resume switch and Remove; adding one; and what the watcher did lately.
 */
export function WatchFoldersSection() {
  const { folders, events, refresh } = useWatchFolders()
  const [added, setAdded] = useState<string | null>(null)
  const heading = useRef<HTMLHeadingElement>(null)
  const list = folders.data?.folders ?? []
  // Watch folders read the hub's own disks: adding, pausing and removing them is an admin's.
  const mayManage = useMayCall('watch:add')

  return (
    <section className="watch-section" aria-labelledby="watch-title" data-testid="watch-section">
      <h2 id="watch-title" ref={heading} tabIndex={-1}>
        Watch folders
      </h2>
      <p className="muted">
        New files in these folders are imported as they appear, a ComfyUI output folder say. A file still being written
        is waited for; a video and the workflow PNG saved beside it are imported together. Watching goes on after a
        restart.
      </p>
      {folders.error && <ErrorLine>{folders.error.message}</ErrorLine>}
      {folders.data && list.length === 0 && <p>No folder is watched yet.</p>}
      {list.length > 0 && (
        <WatchFolderList
          folders={list}
          mayManage={mayManage}
          onChanged={async () => {
            setAdded(null)
            await refresh()
          }}
          onRemoved={() => {
            // The dialog hands the focus back to a button that is gone; the section keeps it instead.
            setTimeout(() => heading.current?.focus())
          }}
        />
      )}
      {mayManage && (
        <AddWatchFolderForm
          onAdded={(folder) => {
            setAdded(`Watching ${folder.path}: files in it now are imported first, then new ones as they appear.`)
            void refresh()
          }}
        />
      )}
      <p className="watch-added muted" role="status">
        {added}
      </p>
      <h3 id="watch-events-title">Last events</h3>
      {events.error && <ErrorLine>{events.error.message}</ErrorLine>}
      {events.data && <WatchEventList events={collapseWaiting(events.data.events)} folders={list} />}
    </section>
  )
}
