import { useState, type FormEvent } from 'react'
import { useWrite } from '../../api/queries'
import { formatDuration } from '../../format'
import { attempt } from '../../ui/attempt'
import { ErrorLine } from '../../ui/ErrorLine'
import type { Player } from '../../ui/use-player-time'
import { useCommentFocus } from './comment-focus'

/**
 * A new comment or a reply to `replyTo`. A new one is pinned at the player's current time (when `media` is given
 * and ticked) or, with `pictured`, to an area dragged over the picture with the Area tool (and the paused time).
 */
export function CommentForm(props: { assetId: string; replyTo?: number; media: Player | null; pictured?: boolean }) {
  const { assetId, replyTo, media, pictured = false } = props
  const add = useWrite('comments:add')
  const { drawing, setDrawing, draft, setDraft } = useCommentFocus()
  const [body, setBody] = useState('')
  const [atTime, setAtTime] = useState(true)
  const [error, setError] = useState<string | null>(null)
  const starting = replyTo === undefined
  const label = starting ? 'Add a comment' : 'Reply'
  const area = starting ? draft : null
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const now = starting && media?.current && atTime ? media.current.currentTime : undefined
    const pin = area ? { region: area.region, at: area.at ?? undefined } : { at: now }
    const failed = await attempt(async () => void (await add({ assetId, body, replyTo, ...pin })))
    setError(failed?.message ?? null)
    if (failed) return
    setBody('')
    if (area) setDraft(null)
  }
  const startDrawing = () => {
    media?.current?.pause()
    setDrawing(!drawing)
  }
  return (
    <form className="comment-form" aria-label={label} onSubmit={(event) => void submit(event)}>
      <textarea
        aria-label={label}
        placeholder={starting ? 'Comment on this asset… (@Name mentions someone)' : 'Reply…'}
        value={body}
        rows={2}
        onChange={(event) => setBody(event.target.value)}
      />
      <div className="comment-form-tools">
        {starting && media && !area && (
          <label>
            <input type="checkbox" checked={atTime} onChange={(event) => setAtTime(event.target.checked)} /> At the
            player’s time
          </label>
        )}
        {starting && pictured && !area && (
          <button
            type="button"
            aria-pressed={drawing}
            title="Drag a rectangle over the picture (Esc cancels)"
            onClick={startDrawing}
          >
            {drawing ? 'Drawing area… (Esc)' : 'Area'}
          </button>
        )}
        {area && (
          <span className="comment-area" data-testid="comment-area">
            Area {Math.round(area.region.w * 100)}×{Math.round(area.region.h * 100)}%
            {area.at !== null && ` at ${formatDuration(area.at)}`}
            <button type="button" className="link" onClick={() => setDraft(null)}>
              Remove area
            </button>
          </span>
        )}
        <button type="submit" disabled={body.trim() === ''} data-needs="comments:add">
          {starting ? 'Comment' : 'Reply'}
        </button>
      </div>
      {error && <ErrorLine>{error}</ErrorLine>}
    </form>
  )
}
