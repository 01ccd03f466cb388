import type { WatchEvent, WatchFolder } from '../../../../shared/contract'
import { eventTime, eventWords, fileShown, folderShown } from './watch-words'

/** The watcher's newest events, newest first: when, which folder, which file, what happened. */
export function WatchEventList({ events, folders }: { events: WatchEvent[]; folders: WatchFolder[] }) {
  const byId = new Map(folders.map((folder) => [folder.id, folder]))
  if (events.length === 0) return <p className="muted">Nothing has happened yet.</p>
  return (
    <ol className="watch-events" aria-label="What the watcher did, newest first" data-testid="watch-events">
      {events.map((event) => {
        const folder = byId.get(event.folderId)
        return (
          <li key={event.id} className={`watch-event ${event.kind}`} data-testid="watch-event" data-kind={event.kind}>
            <time dateTime={event.at} className="muted">
              {eventTime(event.at)}
            </time>
            <span className="watch-event-file" title={event.path ?? folder?.path}>
              {event.path ? fileShown(event.path, folder) : <span className="muted">the folder</span>}
            </span>
            <span className="watch-event-what">{eventWords(event)}</span>
            <span className="watch-event-folder muted" title={folder?.path}>
              in {folder ? folderShown(folder.path) : 'a removed folder'}
            </span>
          </li>
        )
      })}
    </ol>
  )
}
