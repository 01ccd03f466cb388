import { parseLenientJson } from '../../../shared/lenient-json'
import { fakeClass } from './classes'
import { scenarioOf, type FakeNode, type FakePrompt, type FakeScenarios } from './prompt'
import { memberSpans, memberText } from '../json-spans'

type Json = Record<string, unknown>
type Reason = { type: string; message: string; details: string; extra_info: Json }

/** A prompt as validation leaves it: ready to queue (with the outputs it dropped), or ComfyUI's 400 body. */
export type Verdict =
  | { ok: true; prompt: Omit<FakePrompt, 'number' | 'promptId'>; nodeErrors: Json }
  | { ok: false; body: { error: Reason; node_errors: Json } }

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
const reason = (type: string, message: string, details = '', extra_info: Json = {}): Reason => ({
  type,
  message,
  details,
  extra_info,
})
const refused = (error: Reason, nodeErrors: Json = {}): Verdict => ({
  ok: false,
  body: { error, node_errors: nodeErrors },
})

/**
 * Reads a POST /prompt body as ComfyUI's `validate_prompt` does: every node needs a class_type of
 * a known class (else `invalid_prompt`, naming the node), there must be an output node, and each
 * output's inputs are checked upstream (required inputs, links to existing nodes and slots). The
 * prompt's own text is kept exactly as received.
 */
export function readPromptRequest(bodyText: string, options: FakeScenarios): Verdict {
  const parsed = parseLenientJson(bodyText)
  if (!parsed.ok || !isObject(parsed.value)) {
    const why = parsed.ok ? 'not a JSON object' : parsed.error
    return refused(reason('invalid_json', 'The request body is not a JSON object', why))
  }
  const body = parsed.value
  if (!isObject(body.prompt)) return refused(reason('no_prompt', 'No prompt provided', 'No prompt provided'))
  const spans = memberSpans(bodyText)
  const promptText = memberText(bodyText, spans, 'prompt') ?? '{}'
  const nodeSpans = memberSpans(promptText)
  const nodes = new Map<string, FakeNode>()
  for (const [id, value] of Object.entries(body.prompt)) {
    const where = `Node ID '#${id}'`
    if (!isObject(value) || typeof value.class_type !== 'string') {
      return refused(
        reason('invalid_prompt', 'Cannot execute because a node is missing the class_type property.', where),
      )
    }
    if (!fakeClass(value.class_type)) {
      return refused(reason('invalid_prompt', `Cannot execute because node ${value.class_type} does not exist.`, where))
    }
    const nodeText = memberText(promptText, nodeSpans, id) ?? '{}'
    const inputsText = isObject(value.inputs) ? (memberText(nodeText, memberSpans(nodeText), 'inputs') ?? '{}') : '{}'
    nodes.set(id, { id, classType: value.class_type, inputs: isObject(value.inputs) ? value.inputs : {}, inputsText })
  }
  const outputs = [...nodes.values()].filter((node) => fakeClass(node.classType)?.output).map((node) => node.id)
  if (outputs.length === 0) return refused(reason('prompt_no_outputs', 'Prompt has no outputs'))
  const scenario = scenarioOf(options, nodes.values(), promptText)
  const checked = checkOutputs(nodes, outputs, scenario.refuse)
  if (checked.good.length === 0) {
    const details = checked.lines.join('\n')
    return refused(
      reason('prompt_outputs_failed_validation', 'Prompt outputs failed validation', details),
      checked.nodeErrors,
    )
  }
  const clientId = typeof body.client_id === 'string' ? body.client_id : null
  const extra = extraOf(bodyText, spans, clientId)
  const prompt = { clientId, promptText, ...extra, nodes, outputs: checked.good, scenario }
  return { ok: true, prompt, nodeErrors: checked.nodeErrors }
}

/** extra_data as ComfyUI keeps it (client_id added last, so it wins) and extra_pnginfo's members. */
function extraOf(bodyText: string, spans: ReturnType<typeof memberSpans>, clientId: string | null) {
  const given = memberText(bodyText, spans, 'extra_data')
  const extra = given !== undefined && given.startsWith('{') ? given : '{}'
  const members = memberSpans(extra)
  const pngInfoText = memberText(extra, members, 'extra_pnginfo')
  const pngInfo: [string, string][] = []
  if (pngInfoText?.startsWith('{')) {
    const infoSpans = memberSpans(pngInfoText)
    for (const key of infoSpans.keys()) pngInfo.push([key, memberText(pngInfoText, infoSpans, key) ?? 'null'])
  }
  if (clientId === null) return { extraText: extra, pngInfo }
  const id = `"client_id": ${JSON.stringify(clientId)}`
  const extraText = members.size === 0 ? `{${id}}` : `${extra.slice(0, extra.lastIndexOf('}'))}, ${id}}`
  return { extraText, pngInfo }
}

type Checked = { valid: boolean; errors: Reason[] }

/**
 * Each output checked with the nodes it needs (ComfyUI's `validate_inputs`): a node is invalid
 * for its own errors or an invalid node upstream, but only its own errors are reported.
 */
function checkOutputs(nodes: Map<string, FakeNode>, outputs: string[], refuse: string | null) {
  const memo = new Map<string, Checked>()
  const check = (id: string, isOutput: boolean): Checked => {
    const known = memo.get(id)
    if (known) return known
    const result: Checked = { valid: true, errors: [] }
    memo.set(id, result)
    const node = nodes.get(id) as FakeNode
    const definition = fakeClass(node.classType)
    for (const name of definition?.required ?? []) {
      if (!(name in node.inputs)) {
        result.errors.push(reason('required_input_missing', 'Required input is missing', name, { input_name: name }))
      }
    }
    for (const [name, value] of Object.entries(node.inputs)) {
      if (!Array.isArray(value)) continue
      if (value.length !== 2) {
        const message = 'Bad linked input, must be a length-2 list of [node_id, slot_index]'
        result.errors.push(reason('bad_linked_input', message, name, { input_name: name, received_value: value }))
        continue
      }
      const from = nodes.get(String(value[0]))
      const slotMissing = from && !(Number(value[1]) < (fakeClass(from.classType)?.returns.length ?? 0))
      if (!from || slotMissing) {
        // ComfyUI fails here with a KeyError (IndexError for a slot), reported at the node holding the link.
        const [type, message] = isOutput
          ? ['exception_during_validation', 'Exception when validating node']
          : ['exception_during_inner_validation', 'Exception when validating inner node']
        const details = from ? 'tuple index out of range' : `'${String(value[0])}'`
        result.errors.push(reason(type, message, details, { input_name: name, linked_node: value }))
        break
      }
      if (!check(from.id, false).valid) result.valid = false
    }
    if (id === refuse) {
      const [name, value] = Object.entries(node.inputs).find(([, v]) => typeof v === 'string') ?? ['input', null]
      const details = `${name}: '${String(value)}' not in (list of length 3)`
      result.errors.push(
        reason('value_not_in_list', 'Value not in list', details, { input_name: name, received_value: value }),
      )
    }
    if (result.errors.length > 0) result.valid = false
    return result
  }
  const good: string[] = []
  const nodeErrors: Record<string, { errors: Reason[]; dependent_outputs: string[]; class_type: string }> = {}
  const lines: string[] = []
  for (const output of outputs) {
    const result = check(output, true)
    if (result.valid) {
      good.push(output)
      continue
    }
    for (const [id, checked] of memo) {
      if (checked.valid || checked.errors.length === 0) continue
      nodeErrors[id] ??= { errors: checked.errors, dependent_outputs: [], class_type: nodes.get(id)?.classType ?? '' }
      nodeErrors[id].dependent_outputs.push(output)
    }
    lines.push(...result.errors.map((error) => `${error.message}: ${error.details}`))
  }
  return { good, nodeErrors, lines }
}
