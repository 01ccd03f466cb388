import { useState, type FormEvent } from 'react'
import type { Comment } from '../../../../shared/contract'
import { useBackendQuery, useWrite } from '../../api/queries'
import { formatDuration } from '../../format'
import { attempt } from '../../ui/attempt'
import { ErrorLine } from '../../ui/ErrorLine'
import { seekTo, type Player } from '../../ui/use-player-time'
import { useMayCall, useSignedIn } from '../people/index'
import { ReviewStatusPicker } from './ReviewStatusPicker'

/**
 * An asset's comments (issue 60 point 1): its review status, each thread with its replies (a pinned time seeks the
 * player), a new comment at the player's current time, a reply, resolve or reopen, and delete of one's own.
 */
export function CommentsPanel({ assetId, media, timed }: { assetId: string; media: Player; timed: boolean }) {
  const comments = useBackendQuery('comments:list', { assetId }, { asset: assetId })
  const mayComment = useMayCall('comments:add')
  const all = comments.data?.comments ?? []
  const threads = all.filter((comment) => comment.parentId === null)
  return (
    <section className="detail-section comments" aria-label="Comments">
      <h2>Comments</h2>
      <ReviewStatusPicker assetId={assetId} />
      {comments.error && <ErrorLine>Comments could not be read: {comments.error.message}</ErrorLine>}
      {comments.data && threads.length === 0 && <p className="muted">No comments yet.</p>}
      <ol className="comment-threads">
        {threads.map((thread) => (
          <li key={thread.id} className={thread.resolved ? 'comment-thread resolved' : 'comment-thread'}>
            <CommentLine comment={thread} media={media} />
            <ol className="comment-replies">
              {all
                .filter((reply) => reply.parentId === thread.id)
                .map((reply) => (
                  <li key={reply.id}>
                    <CommentLine comment={reply} media={media} />
                  </li>
                ))}
            </ol>
            {mayComment && !thread.deleted && <CommentForm assetId={assetId} replyTo={thread.id} media={media} />}
          </li>
        ))}
      </ol>
      {mayComment && <CommentForm assetId={assetId} media={timed ? media : null} />}
    </section>
  )
}

/** One comment: who, where it is pinned (a click seeks there), its words, and what this person may do with it. */
function CommentLine({ comment, media }: { comment: Comment; media: Player }) {
  const me = useSignedIn()
  const mayComment = useMayCall('comments:add')
  const remove = useWrite('comments:delete')
  const resolve = useWrite('comments:resolve')
  const [error, setError] = useState<string | null>(null)
  const run = async (step: () => Promise<unknown>) =>
    setError((await attempt(async () => void (await step())))?.message ?? null)
  if (comment.deleted) {
    return <p className="comment deleted muted">Deleted by {comment.deleted.by}</p>
  }
  const own = me === null || me.id === comment.author.id
  return (
    <div className="comment" data-testid="comment">
      <span className="comment-author">
        {comment.author.name}
        {comment.author.guest && <span className="muted"> (guest)</span>}
      </span>
      {comment.at !== null && (
        <button
          type="button"
          className="comment-time"
          onClick={() => seekTo(media, comment.at!)}
          title="Play from here"
        >
          {formatDuration(comment.at)}
          {comment.end !== null && `–${formatDuration(comment.end)}`}
        </button>
      )}
      <span className="comment-body">{comment.body}</span>
      {comment.resolved && <span className="muted"> Resolved by {comment.resolved.by}</span>}
      {mayComment && comment.parentId === null && (
        <button type="button" onClick={() => void run(() => resolve({ id: comment.id, resolved: !comment.resolved }))}>
          {comment.resolved ? 'Reopen' : 'Resolve'}
        </button>
      )}
      {mayComment && (own || me?.role === 'admin') && (
        <button type="button" onClick={() => void run(() => remove({ id: comment.id }))}>
          Delete
        </button>
      )}
      {error && <ErrorLine>{error}</ErrorLine>}
    </div>
  )
}

/** A new comment (at the player's time when `media` is given and ticked) or a reply to `replyTo`. */
function CommentForm({ assetId, replyTo, media }: { assetId: string; replyTo?: number; media: Player | null }) {
  const add = useWrite('comments:add')
  const [body, setBody] = useState('')
  const [atTime, setAtTime] = useState(true)
  const [error, setError] = useState<string | null>(null)
  const label = replyTo === undefined ? 'Add a comment' : 'Reply'
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const at = replyTo === undefined && media?.current && atTime ? media.current.currentTime : undefined
    const failed = await attempt(async () => void (await add({ assetId, body, replyTo, at })))
    setError(failed?.message ?? null)
    if (!failed) setBody('')
  }
  return (
    <form className="comment-form" aria-label={label} onSubmit={(event) => void submit(event)}>
      <textarea
        aria-label={label}
        placeholder={replyTo === undefined ? 'Comment on this asset… (@Name mentions someone)' : 'Reply…'}
        value={body}
        rows={2}
        onChange={(event) => setBody(event.target.value)}
      />
      {replyTo === undefined && media && (
        <label>
          <input type="checkbox" checked={atTime} onChange={(event) => setAtTime(event.target.checked)} /> At the
          player’s time
        </label>
      )}
      <button type="submit" disabled={body.trim() === ''} data-needs="comments:add">
        {replyTo === undefined ? 'Comment' : 'Reply'}
      </button>
      {error && <ErrorLine>{error}</ErrorLine>}
    </form>
  )
}
