// Telling workflow formats apart by shape alone: files rarely say which tool wrote them.
import { isRecord } from './read'
import type { DetectedFormat, StoredFormat } from './types'

// How many entries are sampled: enough to decide, bounded for huge or hostile files.
const SAMPLE = 50

/**
 * The format of a workflow JSON value, or null when it is none of them. Checked most specific
 * first: InvokeAI workflows and the native format also have a `nodes` array, like ComfyUI's UI
 * format, but carry `edges` / `connections` instead of `links`.
 */
export function detectFormat(json: unknown): DetectedFormat | null {
  if (!isRecord(json)) return null
  const nodes = json.nodes
  if (Array.isArray(nodes) && Array.isArray(json.edges) && isInvokeWorkflow(json, nodes)) return 'invokeai-workflow'
  if (isRecord(nodes) && Array.isArray(json.edges)) return 'invokeai-graph'
  if (Array.isArray(nodes) && Array.isArray(json.connections)) return 'native'
  if (Array.isArray(nodes) && isComfyUi(json, nodes)) return 'comfyui-ui'
  if (isComfyApi(json)) return 'comfyui-api'
  return null
}

/** The stored `format` value of a detected format (both InvokeAI shapes are stored as 'invokeai'). */
export function storedFormat(format: DetectedFormat): StoredFormat {
  return format === 'invokeai-graph' || format === 'invokeai-workflow' ? 'invokeai' : format
}

function isInvokeWorkflow(json: Record<string, unknown>, nodes: unknown[]): boolean {
  if (isRecord(json.meta) && typeof json.meta.version === 'string') return true
  return nodes.slice(0, SAMPLE).some((node) => isRecord(node) && isRecord(node.data) && isRecord(node.position))
}

function isComfyUi(json: Record<string, unknown>, nodes: unknown[]): boolean {
  if (Array.isArray(json.links) || 'last_node_id' in json || isRecord(json.state)) return true
  if (typeof json.version === 'number') return true
  return nodes.slice(0, SAMPLE).some((node) => isRecord(node) && ('widgets_values' in node || 'pos' in node))
}

/** Most sampled entries are `{ class_type, inputs }` nodes (a prompt may sit beside a stray key or two). */
function isComfyApi(json: Record<string, unknown>): boolean {
  const sample = Object.values(json).slice(0, SAMPLE)
  const nodes = sample.filter((value) => isRecord(value) && typeof value.class_type === 'string')
  return nodes.length > 0 && nodes.length * 2 >= sample.length
}
