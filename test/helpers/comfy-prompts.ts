import { readFileSync } from 'node:fs'
import path from 'node:path'

// The fixture prompts the ComfyUI tests and the comfy-run bench send (no vitest here: the bench imports it).

/** The API prompt of test/fixtures/workflows (KSampler 3 → VAEDecode 8 → SaveImage 9), as text. */
export const API_PROMPT = readFileSync(path.resolve('test/fixtures/workflows/comfyui-api.json'), 'utf8')
/** A UI workflow (nodes and links) to send along as extra_pnginfo.workflow. */
export const UI_WORKFLOW = readFileSync(path.resolve('test/fixtures/workflows/comfyui-ui-v04.json'), 'utf8')

/** The fixture prompt with another seed written into its text (digits as given, never a number). */
export const withSeed = (seed: string, text = API_PROMPT) => text.replace('"seed": 156680208700286', `"seed": ${seed}`)

/** The fixture prompt saving through VideoHelperSuite's VHS_VideoCombine (node 9) instead of SaveImage. */
export const VHS_PROMPT = API_PROMPT.replace(
  '"inputs": { "filename_prefix": "ComfyUI", "images": ["8", 0] },\n    "class_type": "SaveImage"',
  '"inputs": { "frame_rate": 8, "loop_count": 0, "filename_prefix": "clips/AnimateDiff", "format": "video/h264-mp4", ' +
    '"pingpong": false, "save_output": true, "images": ["8", 0] },\n    "class_type": "VHS_VideoCombine"',
)
