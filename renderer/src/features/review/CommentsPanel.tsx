import { useEffect, useRef, useState, type RefObject } from 'react'
import type { Comment } from '../../../../shared/contract'
import { useWrite } from '../../api/queries'
import { attempt } from '../../ui/attempt'
import { ErrorLine } from '../../ui/ErrorLine'
import type { Player } from '../../ui/use-player-time'
import { useLinkVisit } from '../links/index'
import { useMayCall, useSignedIn } from '../people/index'
import { useCommentFocus } from './comment-focus'
import { CommentForm } from './CommentForm'
import { whenOf } from './CommentMarkers'
import { ReviewStatusPicker } from './ReviewStatusPicker'
import { useAssetComments, usePickComment } from './use-comments'

/**
 * An asset's comments (issue 60 point 1): its review status, each thread with its replies (a pinned time or area
 * picks it: the player pauses there and its region shows), a new comment at the player's current time or on an
 * area drawn over the picture, a reply, resolve or reopen, and delete of one's own. A comment picked on a marker is
 * scrolled into view and marked.
 */
export function CommentsPanel(props: { assetId: string; media: Player; timed: boolean; pictured: boolean }) {
  const { assetId, media, timed, pictured } = props
  const comments = useAssetComments(assetId)
  const mayComment = useMayCall('comments:add')
  const all = comments.data?.comments ?? []
  const threads = all.filter((comment) => comment.parentId === null)
  const { focused, pickedIn } = useCommentFocus()
  const panel = useRef<HTMLElement>(null)
  useScrollToFocused(panel, pickedIn === 'marker' ? focused : null)
  return (
    <section ref={panel} className="detail-section comments" aria-label="Comments">
      <h2>Comments</h2>
      <ReviewStatusPicker assetId={assetId} />
      {comments.error && <ErrorLine>Comments could not be read: {comments.error.message}</ErrorLine>}
      {comments.data && threads.length === 0 && <p className="muted">No comments yet.</p>}
      <ol className="comment-threads">
        {threads.map((thread) => (
          <li
            key={thread.id}
            data-thread={thread.id}
            className={['comment-thread', thread.resolved && 'resolved', thread.id === focused && 'focused']
              .filter(Boolean)
              .join(' ')}
          >
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
      {mayComment && <CommentForm assetId={assetId} media={timed ? media : null} pictured={pictured} />}
    </section>
  )
}

/** One comment: who, where it is pinned (a click seeks there), its words, and what this person may do with it. */
function CommentLine({ comment, media }: { comment: Comment; media: Player }) {
  const me = useSignedIn()
  // A review link's guest has no account: what they wrote is not theirs to delete later (nor anyone else's).
  const guest = useLinkVisit() !== null
  const mayComment = useMayCall('comments:add')
  const pick = usePickComment(media, 'panel')
  const remove = useWrite('comments:delete')
  const resolve = useWrite('comments:resolve')
  const [error, setError] = useState<string | null>(null)
  const run = async (step: () => Promise<unknown>) =>
    setError((await attempt(async () => void (await step())))?.message ?? null)
  if (comment.deleted) {
    return <p className="comment deleted muted">Deleted by {comment.deleted.by}</p>
  }
  const own = !guest && (me === null || me.id === comment.author.id)
  return (
    <div className="comment" data-testid="comment">
      <span className="comment-author">
        {comment.author.name}
        {comment.author.guest && <span className="muted"> (guest)</span>}
      </span>
      {(comment.at !== null || comment.region) && (
        <button
          type="button"
          className="comment-time"
          onClick={() => pick(comment)}
          title={comment.region ? 'Show its area (the player pauses here)' : 'Go to this time (the player pauses)'}
        >
          {comment.at !== null && whenOf({ at: comment.at, end: comment.end })}
          {comment.region && <span className="comment-area-pin"> ▭ area</span>}
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

/**
 * Scrolls the thread picked on a marker into view, as little as it can: beside the player the list of threads scrolls
 * on its own (review.css), so mostly only it moves and the picture with its region stays in view.
 */
function useScrollToFocused(panel: RefObject<HTMLElement | null>, focused: number | null): void {
  useEffect(() => {
    if (focused === null) return
    panel.current?.querySelector(`[data-thread="${focused}"]`)?.scrollIntoView({ block: 'nearest' })
  }, [panel, focused])
}
