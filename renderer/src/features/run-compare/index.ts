import './run-compare.css'

// The run-compare feature's public entry: the page comparing 2–8 runs, and the button a runs table offers it with.
export { RunComparePage } from './RunComparePage'
export { CompareRunsBar } from './CompareRunsBar'
