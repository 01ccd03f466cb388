import type { InputValue, RunInput } from '../../../shared/contract'
import { elementSpans, memberSpans, type Span } from '../../comfy/json-spans'
import { promptInputs, widgetText } from './prompt-inputs'

type Edit = { span: Span; text: string }

/**
 * The UI workflow a run sends along (ComfyUI embeds it in the outputs) with the run's own values (issue 37
 * point 1): each changed input written into its node's `widgets_values`, everything else byte for byte, so a
 * 64-bit seed keeps every digit. An array of widget values is matched to the source prompt's widget inputs of
 * that node in order, by their values (a seed's "control after generate" and a widget turned into an input are
 * skipped this way); an object (VideoHelperSuite's) by name. Null when an input cannot be placed with certainty:
 * a workflow with a wrong value is what this is for, so none is better than one.
 */
export function runWorkflow(workflowText: string, sourcePrompt: string, changed: readonly InputValue[]): string | null {
  if (changed.length === 0) return workflowText
  // An input set twice (by the form, then by a sweep) takes its last value.
  const last = new Map(changed.map((set) => [`${set.nodeId}\n${set.input}`, set]))
  try {
    const nodes = nodeSpans(workflowText)
    const inputs = promptInputs(sourcePrompt)
    const edits: Edit[] = []
    for (const set of last.values()) {
      const node = nodes.get(set.nodeId)
      const input = inputs.find((one) => one.nodeId === set.nodeId && one.input === set.input)
      const span = node && input && widgetSpan(workflowText, node, input, inputs)
      if (!span) return null
      edits.push({ span, text: widgetText(input, set.value) })
    }
    edits.sort((a, b) => b.span.start - a.span.start)
    let text = workflowText
    for (const { span, text: value } of edits) text = text.slice(0, span.start) + value + text.slice(span.end)
    return text
  } catch {
    return null
  }
}

/** Each top-level node of a UI workflow (by its id as text) and the span of its widgets_values. */
function nodeSpans(text: string): Map<string, Span> {
  const found = new Map<string, Span>()
  const nodes = memberSpans(text).get('nodes')
  if (!nodes) return found
  for (const node of elementSpans(text, nodes.start)) {
    if (text[node.start] !== '{') continue
    const members = memberSpans(text, node.start)
    const id = members.get('id')
    const widgets = members.get('widgets_values')
    if (!id || !widgets) continue
    const raw = text.slice(id.start, id.end)
    found.set(raw.startsWith('"') ? (JSON.parse(raw) as string) : raw, widgets)
  }
  return found
}

/** Where a source input's value sits among its node's widget values; undefined when it cannot be told. */
function widgetSpan(text: string, widgets: Span, input: RunInput, inputs: readonly RunInput[]): Span | undefined {
  if (text[widgets.start] === '{') return memberSpans(text, widgets.start).get(input.input)
  if (text[widgets.start] !== '[') return undefined
  const elements = elementSpans(text, widgets.start)
  let next = 0
  for (const widget of inputs.filter((one) => one.nodeId === input.nodeId)) {
    const at = elements.findIndex((span, index) => index >= next && sameValue(text.slice(span.start, span.end), widget))
    if (at < 0) continue
    if (widget === input) return elements[at]
    next = at + 1
  }
  return undefined
}

/** Whether a widget value's JSON text holds the source input's value. */
function sameValue(raw: string, input: RunInput): boolean {
  if (input.kind === 'text') return raw.startsWith('"') && JSON.parse(raw) === input.value
  if (input.kind === 'boolean') return raw === input.value
  if (!/^-?[\d.]/.test(raw)) return false
  return input.kind === 'integer' && /^-?\d+$/.test(raw)
    ? BigInt(raw) === BigInt(input.value)
    : Number(raw) === Number(input.value)
}
