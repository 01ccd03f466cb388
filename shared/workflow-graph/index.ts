// One graph model for every workflow format: detect the format, read it into nodes and edges.
import { readComfyApi } from './comfy-api'
import { readComfyUi } from './comfy-ui'
import { detectFormat } from './detect-format'
import { readInvokeGraph, readInvokeWorkflow } from './invokeai'
import { readNative } from './native'
import { isRecord, ReadState } from './read'
import type { DetectedFormat, Graph, StoredFormat } from './types'

export { detectFormat, storedFormat } from './detect-format'
export { KNOWN_WIDGETS } from './comfy-widgets'
export * from './types'
export { flattenGraph, graphShape, linkKey, type FlatGraph, type FlatLink } from './shape'
export {
  diffGraphs,
  jsonSafe,
  sameValue,
  type DiffNode,
  type GraphDiff,
  type NodeChange,
  type ValueChange,
} from './diff'

const READERS: Record<DetectedFormat, (json: Record<string, unknown>, state: ReadState) => Graph> = {
  'comfyui-ui': readComfyUi,
  'comfyui-api': readComfyApi,
  'invokeai-graph': readInvokeGraph,
  'invokeai-workflow': readInvokeWorkflow,
  native: readNative,
}

/**
 * A workflow definition (parsed JSON) as nodes and edges. `format` may be a detected or a stored
 * one (stored 'invokeai' covers graphs and workflows, told apart by shape); without it the format
 * is detected. Never throws: what cannot be read is left out and described in `problems`.
 */
export function toGraph(json: unknown, format?: DetectedFormat | StoredFormat): Graph {
  const state = new ReadState()
  try {
    return { ...read(json, format, state), problems: state.finish() }
  } catch (error) {
    // Readers only touch plain JSON defensively; this guards values that are not plain JSON (getters, proxies).
    const message = error instanceof Error ? error.message : String(error)
    return { nodes: [], edges: [], problems: [...state.finish(), `could not be read: ${message}`] }
  }
}

function read(json: unknown, format: DetectedFormat | StoredFormat | undefined, state: ReadState): Graph {
  const detected = detectFormat(json)
  const chosen = format === undefined || format === 'invokeai' ? detected : format
  if (chosen === null || !isRecord(json)) {
    state.note('not a workflow: no ComfyUI, InvokeAI or native graph found')
    return { nodes: [], edges: [], problems: [] }
  }
  if (detected !== chosen) state.note(`read as ${chosen}, but it looks like ${detected ?? 'no known format'}`)
  return READERS[chosen](json, state)
}
