import { detectFormat, storedFormat } from '../../shared/workflow-graph'
import { asObject, asText, type FoundWorkflow } from './generation-facts'

/**
 * A workflow definition as found in a file, with its format and id; null when the value is no
 * graph Framevault knows: the graph model's detectFormat decides, so the import and the graph view
 * agree on what a workflow is. ComfyUI UI format carries its `id` (a uuid) at the top level, an
 * InvokeAI workflow its `id` when saved in its library; an InvokeAI graph's id is made per enqueued
 * run and an API prompt has none, so those are identified by the definition's hash (id null).
 * `text`: the JSON text the value was read from, kept as the exact definition.
 */
export function foundWorkflow(value: unknown, text?: string): FoundWorkflow | null {
  const detected = detectFormat(value)
  if (!detected) return null
  const named = detected !== 'invokeai-graph' && detected !== 'comfyui-api'
  const id = named ? asText(asObject(value)?.id) : null
  return { format: storedFormat(detected), definition: value, id, ...(text !== undefined && { text }) }
}
