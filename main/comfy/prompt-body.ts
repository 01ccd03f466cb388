import { parseLenientJson } from '../../shared/lenient-json'
import { ComfyError } from './comfy-errors'

/** What to queue: the API prompt as JSON text, the websocket client it reports to, the UI workflow. */
export type PromptInput = {
  /** The API-format prompt (node id → class_type, inputs) exactly as stored: its text is sent as is. */
  promptText: string
  clientId: string
  /** The UI workflow ComfyUI embeds in outputs (extra_pnginfo.workflow): JSON text (sent as is) or a value. */
  workflow?: string | Record<string, unknown>
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function refuse(message: string): never {
  throw new ComfyError('validation', 'bad-prompt', message)
}

/** The checked JSON text of one object (the prompt, the workflow), trimmed. */
function objectText(text: string, what: string): { text: string; value: Record<string, unknown> } {
  const parsed = parseLenientJson(text)
  if (!parsed.ok) refuse(`The ${what} is not JSON: ${parsed.error}.`)
  if (!isObject(parsed.value)) refuse(`The ${what} is not a JSON object.`)
  return { text: text.trim(), value: parsed.value }
}

/**
 * The body of POST /prompt: `{"prompt": …, "client_id": …, "extra_data": {"extra_pnginfo":
 * {"workflow": …}}}`. Assembled from the prompt's own text because a seed up to 2^64 - 1 (the
 * ComfyUI widget's maximum) does not survive a trip through a JavaScript number.
 */
export function promptBody(input: PromptInput): string {
  const prompt = objectText(input.promptText, 'API prompt')
  if (Array.isArray(prompt.value.nodes) && Array.isArray(prompt.value.links)) {
    refuse(
      'This is a workflow as the ComfyUI page saves it (nodes and links); ComfyUI runs the API format ' +
        '(node id → class_type and inputs, "Export (API)" in ComfyUI).',
    )
  }
  if (Object.keys(prompt.value).length === 0) refuse('The API prompt has no nodes.')
  if (input.clientId === '') refuse('A client id is needed to follow the run.')
  const workflow =
    input.workflow === undefined
      ? null
      : typeof input.workflow === 'string'
        ? objectText(input.workflow, 'workflow').text
        : JSON.stringify(input.workflow)
  const extra = workflow === null ? '{}' : `{"extra_pnginfo": {"workflow": ${workflow}}}`
  return `{"prompt": ${prompt.text}, "client_id": ${JSON.stringify(input.clientId)}, "extra_data": ${extra}}`
}
