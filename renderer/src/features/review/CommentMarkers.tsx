import { useMemo } from 'react'
import { formatDuration } from '../../format'
import type { Player } from '../../ui/use-player-time'
import { useCommentFocus } from './comment-focus'
import { marksOf, type CommentMark } from './comment-marks'
import { useAssetComments, usePickComment } from './use-comments'

/**
 * The comments pinned to a time, as markers on a track under the player, at the scale of the analysis lanes' time
 * ruler under it (a range as a band, the resolved dimmed): hovering or focusing one shows its author and first words, a click seeks the player there,
 * pauses it, scrolls the Comments panel to the comment and shows its region over the picture.
 */
export function CommentMarkers({
  assetId,
  durationSeconds,
  media,
}: {
  assetId: string
  durationSeconds: number | null
  media: Player
}) {
  const comments = useAssetComments(assetId).data?.comments
  const marks = useMemo(() => marksOf(comments ?? [], assetId), [comments, assetId])
  const { focused } = useCommentFocus()
  const pick = usePickComment(media)
  if (marks.length === 0) return null
  // A comment may sit past what ffprobe said (a player's last frame): the track reaches the furthest.
  const span = Math.max(durationSeconds ?? 0, ...marks.map((mark) => mark.end ?? mark.at), 0.001)
  return (
    <div className="comment-markers-box">
      <div className="comment-markers-row">
        <span className="comment-markers-name" aria-hidden="true">
          Comments
        </span>
        <div className="comment-markers" role="group" aria-label="Comment markers">
          {marks.map((mark) => (
            <button
              key={mark.id}
              type="button"
              className={markerClass(mark, focused)}
              style={placeOf(mark, span)}
              data-at={mark.at}
              aria-label={`${whenOf(mark)}, ${mark.words}${mark.resolved ? ' (resolved)' : ''}`}
              aria-pressed={focused === mark.id}
              onClick={() => pick(mark)}
            >
              <span className={mark.at / span > 0.6 ? 'marker-tip toward-start' : 'marker-tip'} aria-hidden="true">
                <strong>{whenOf(mark)}</strong> {mark.words}
              </span>
            </button>
          ))}
        </div>
      </div>
    </div>
  )
}

function markerClass(mark: CommentMark, focused: number | null): string {
  const classes = ['comment-marker', mark.end === null ? 'point' : 'range']
  if (mark.resolved) classes.push('resolved')
  if (mark.id === focused) classes.push('focused')
  return classes.join(' ')
}

/** Where a marker stands on the track, as shares of its width (a point is centred on its time by the CSS). */
function placeOf(mark: CommentMark, span: number) {
  const left = `${(mark.at / span) * 100}%`
  return mark.end === null ? { left } : { left, width: `${((mark.end - mark.at) / span) * 100}%` }
}

/** "0:03" or "0:03–0:05". */
export function whenOf(mark: { at: number; end: number | null }): string {
  return mark.end === null ? formatDuration(mark.at) : `${formatDuration(mark.at)}–${formatDuration(mark.end)}`
}
