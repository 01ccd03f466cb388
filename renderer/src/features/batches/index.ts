import './batches.css'

// The batches feature's public entry: the Run-on-many dialog (the Library's selection bar and toolbar)
// and the Jobs page, the queue of every job with a batch's per-asset outcomes.
export { RunBatchDialog, type BatchTargetInput } from './RunBatchDialog'
export { JobsPage } from './JobsPage'
export { jobOutcome } from './job-words'
