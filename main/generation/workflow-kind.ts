import { detectFormat, storedFormat } from '../../shared/workflow-graph'
import { asObject, asText, type FoundWorkflow } from './generation-facts'

/**
 * A workflow definition as found in a file, with its format and id; null when the value is no
 * graph Framevault knows: the graph model's detectFormat decides, so the import and the graph view
 * agree on what a workflow is. ComfyUI UI format carries its `id` (a uuid) at the top level, an
 * InvokeAI workflow its `id` when saved in its library; an InvokeAI graph's id is made per enqueued
 * run and an API prompt has none, so those are identified by the definition's hash (id null).
 */
export function foundWorkflow(value: unknown): FoundWorkflow | null {
  const detected = detectFormat(value)
  if (!detected) return null
  const named = detected !== 'invokeai-graph' && detected !== 'comfyui-api'
  return { format: storedFormat(detected), definition: value, id: named ? asText(asObject(value)?.id) : null }
}
