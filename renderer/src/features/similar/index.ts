import './similar.css'

// The near-duplicates feature's public entry: the review page (`#/similar`) the shell shows.
export { SimilarPage } from './SimilarPage'
