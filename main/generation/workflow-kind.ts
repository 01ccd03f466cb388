import { isApiPrompt } from './comfy-prompt'
import { asObject, asText, type FoundWorkflow } from './generation-facts'

/**
 * A workflow definition as found in a file, with its format and id; null when the value is no
 * graph Framevault knows. ComfyUI UI format (v0.4 link arrays or v1 link objects) carries its `id`
 * (a uuid) at the top level; an InvokeAI workflow its `id` when saved in its library (a graph has none).
 */
export function foundWorkflow(value: unknown): FoundWorkflow | null {
  const object = asObject(value)
  if (!object) return null
  const id = asText(object.id)
  if (Array.isArray(object.nodes)) {
    if (Array.isArray(object.links) || 'last_node_id' in object || ('version' in object && !asObject(object.meta))) {
      return { format: 'comfyui-ui', definition: value, id }
    }
    if (Array.isArray(object.edges)) return { format: 'invokeai', definition: value, id }
    if (Array.isArray(object.connections)) return { format: 'native', definition: value, id }
  }
  // An InvokeAI graph: nodes keyed by id, edges between `{node_id, field}` ends. Its id is made per
  // enqueued run, so it names no workflow: null lets the definition's hash identify it.
  if (asObject(object.nodes) && Array.isArray(object.edges)) return { format: 'invokeai', definition: value, id: null }
  if (isApiPrompt(value)) return { format: 'comfyui-api', definition: value, id: null }
  return null
}
