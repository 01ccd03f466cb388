import './pipelines.css'
import './checkpoint-tree.css'
import './checkpoint-compare.css'

// The pipelines feature's public entry: the Timeline section of a video's page (filmstrip, runs, checkpoint
// trees), and the page comparing checkpoints the shell routes `#/checkpoint-compare?ids=…` to.
export { PipelinesSection } from './PipelinesSection'
export { CheckpointComparePage } from './CheckpointComparePage'
