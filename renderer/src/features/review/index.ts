import './review.css'

// The review feature's public entry: the asset detail's Comments panel (its comments, replies and review status).
export { CommentsPanel } from './CommentsPanel'
