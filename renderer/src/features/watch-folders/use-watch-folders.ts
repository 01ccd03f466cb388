import { useEffect } from 'react'
import { useBackendQuery } from '../../api/queries'

/** How often the list and the events are read again while they are on screen (the watcher itself looks every second). */
const POLL_MS = 2_000
/** How many of the newest events are shown. */
export const EVENTS_SHOWN = 30

/**
 * The watched folders and the watcher's newest events, read again every 2 s while shown: the watcher
 * notes files it waits for without telling the renderer, so only a poll sees "still being written".
 */
export function useWatchFolders() {
  const folders = useBackendQuery(
    'watch:list',
    {},
    // A folder's problem is read from its newest events.
    { untracked: true },
  )
  const events = useBackendQuery('watch:events', { limit: EVENTS_SHOWN }, { untracked: true })
  const { refetch: refetchFolders } = folders
  const { refetch: refetchEvents } = events
  useEffect(() => {
    const timer = setInterval(() => {
      // A hidden window has no one to show it to.
      if (document.hidden) return
      void refetchFolders()
      void refetchEvents()
    }, POLL_MS)
    return () => clearInterval(timer)
  }, [refetchFolders, refetchEvents])
  const refresh = async () => {
    await Promise.all([refetchFolders(), refetchEvents()])
  }
  return { folders, events, refresh }
}
