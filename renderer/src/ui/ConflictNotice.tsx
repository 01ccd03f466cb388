import { useId } from 'react'
import './conflict-notice.css'
import { timeAgo } from './time-ago'

/** Another person's stored value of what the person edits: the value, who changed it last and when. */
export interface TheirChange {
  value: string
  changedBy: string | null
  changedAt: string | null
}

/**
 * Another person's change met the person's unsaved text (a field's, a form's): who changed it, when, their text
 * beside the person's, and the two ways on. Announced as an alert: it appears while the person types or saves.
 */
export function ConflictNotice({
  noun,
  theirs,
  mine,
  onKeepMine,
  onTakeTheirs,
}: {
  noun: string
  theirs: TheirChange
  mine: string
  onKeepMine: () => void
  onTakeTheirs: () => void
}) {
  const id = useId()
  const who = theirs.changedBy ?? 'Someone'
  const when = theirs.changedAt ? ` ${timeAgo(theirs.changedAt)}` : ''
  return (
    <div className="edit-conflict" role="alert" aria-labelledby={`${id}-what`}>
      <p id={`${id}-what`} className="edit-conflict-what">
        {who} changed this {noun}
        {when}
      </p>
      <div className="edit-conflict-texts">
        <div>
          <span className="edit-conflict-label">Theirs</span>
          <p className="edit-conflict-text" data-side="theirs">
            {theirs.value || <em>(empty)</em>}
          </p>
        </div>
        <div>
          <span className="edit-conflict-label">Yours</span>
          <p className="edit-conflict-text" data-side="mine">
            {mine || <em>(empty)</em>}
          </p>
        </div>
      </div>
      <div className="edit-conflict-actions">
        <button type="button" onClick={onKeepMine} aria-describedby={`${id}-what`}>
          Keep mine
        </button>
        <button type="button" onClick={onTakeTheirs} aria-describedby={`${id}-what`}>
          Take theirs
        </button>
      </div>
    </div>
  )
}
