import { useBackendQuery } from '../../api/queries'
import { seekTo, type Player } from '../../ui/use-player-time'
import { useCommentFocus, type PickedIn } from './comment-focus'

/** An asset's comments (and its stack's), read again as they change anywhere. */
export function useAssetComments(assetId: string) {
  return useBackendQuery('comments:list', { assetId }, { asset: assetId })
}

/**
 * Picking a comment (a marker, its time in the panel): the player pauses at its time, the panel scrolls to it and
 * its region shows over the picture.
 */
export function usePickComment(
  media: Player | null,
  pickedIn: PickedIn = 'marker',
): (comment: { id: number; at: number | null }) => void {
  const { focus } = useCommentFocus()
  return (comment) => {
    const player = media?.current
    if (player && comment.at !== null) {
      player.pause()
      seekTo(media!, comment.at)
    }
    focus(comment.id, pickedIn)
  }
}
