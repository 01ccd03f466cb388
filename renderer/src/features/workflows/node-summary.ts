// What a node shows of its parameters: the few a person scans a workflow for.
import type { GraphNode } from '../../../../shared/workflow-graph'

// Parameters worth showing first, in this order, when a node has them (ComfyUI, InvokeAI and native names).
const KEY_NAMES = [
  'text',
  'prompt',
  'seed',
  'noise_seed',
  'steps',
  'cfg',
  'cfg_scale',
  'sampler_name',
  'scheduler',
  'ckpt_name',
  'model',
  'lora_name',
  'width',
  'height',
  'frame_rate',
  'filename_prefix',
]

/** At most this many parameters on a node; the rest is one click away. */
export const SHOWN_PARAMETERS = 3
const TEXT_LENGTH = 48

/** A parameter value as one short line, or undefined when it has no short form (lists, nested objects). */
export function shortValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > TEXT_LENGTH ? `${value.slice(0, TEXT_LENGTH - 1)}…` : value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  // InvokeAI model fields are objects; their name is what people recognise.
  if (typeof value === 'object' && value !== null && 'name' in value && typeof value.name === 'string') {
    return shortValue(value.name)
  }
  return undefined
}

/** The parameters a node shows: known key names first, then the first other short ones. */
export function keyParameters(node: GraphNode, limit = SHOWN_PARAMETERS): [string, string][] {
  const shown: [string, string][] = []
  const names = [...KEY_NAMES.filter((name) => name in node.parameters), ...Object.keys(node.parameters)]
  for (const name of new Set(names)) {
    if (shown.length >= limit) break
    const value = shortValue(node.parameters[name])
    if (value !== undefined && value !== '') shown.push([name, value])
  }
  return shown
}
