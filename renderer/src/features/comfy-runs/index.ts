import './comfy-runs.css'

// The comfy-runs feature's public entry: "Run again…" (an asset's detail, a workflow's page and its runs), which
// opens the run form of a run's API prompt and follows the job it starts on the user's ComfyUI.
export { RunAgainButton } from './RunAgainButton'
