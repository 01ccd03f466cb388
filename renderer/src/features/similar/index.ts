import './similar.css'

// The near-duplicates feature's public entry: the review page (`#/similar`) the shell shows.
export { SimilarPage } from './SimilarPage'
// How an asset relates to a near-duplicate, in words (the asset detail lists its near-duplicates).
export { relationSentence } from './similar-words'
