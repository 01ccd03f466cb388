import './review.css'

// The review feature's public entry: the asset detail's Comments panel (its comments, replies and review status),
// the comment markers under the player, the regions over the picture, and the scope they share on one asset.
export { CommentsPanel } from './CommentsPanel'
export { CommentMarkers } from './CommentMarkers'
export { RegionOverlay } from './RegionOverlay'
export { CommentFocusScope } from './comment-focus'
export { marksOf, type CommentMark } from './comment-marks'
export { useAssetComments, usePickComment } from './use-comments'
