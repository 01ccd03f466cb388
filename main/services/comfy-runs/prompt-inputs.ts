import { randomBytes } from 'node:crypto'
import type { InputValue, RunInput } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { memberSpans, type Span } from '../../comfy/json-spans'

// ComfyUI's seed widgets go up to 2^64 - 1.
const MAX_SEED = 2n ** 64n - 1n
const SEED_INPUTS = new Set(['seed', 'noise_seed'])
const INTEGER = /^-?\d+$/
const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/** One widget input of an API prompt, where its value sits in the prompt's text. */
type Located = RunInput & { span: Span }

/**
 * The widget inputs of an API prompt (node id → class_type, inputs), read from its text so that
 * every digit of a 64-bit seed is kept; links to other nodes (`["4", 0]`), lists and objects are not
 * inputs a run changes. `titles` names nodes by their UI workflow's titles.
 */
export function promptInputs(promptText: string, titles: ReadonlyMap<string, string> = new Map()): RunInput[] {
  return locate(promptText, titles).map(({ nodeId, classType, title, input, kind, value, seed }) => ({
    nodeId,
    classType,
    title,
    input,
    kind,
    value,
    seed,
  }))
}

function locate(promptText: string, titles: ReadonlyMap<string, string>): Located[] {
  const found: Located[] = []
  for (const [nodeId, node] of memberSpans(promptText)) {
    if (promptText[node.start] !== '{') continue
    const members = memberSpans(promptText, node.start)
    const classSpan = members.get('class_type')
    const inputsSpan = members.get('inputs')
    if (!classSpan || !inputsSpan || promptText[inputsSpan.start] !== '{') continue
    const classType = String(JSON.parse(promptText.slice(classSpan.start, classSpan.end)))
    const title = titles.get(nodeId) ?? metaTitle(promptText, members.get('_meta'))
    for (const [input, span] of memberSpans(promptText, inputsSpan.start)) {
      const raw = promptText.slice(span.start, span.end)
      const read = readValue(raw)
      if (!read) continue
      found.push({
        nodeId,
        classType,
        title,
        input,
        ...read,
        seed: read.kind === 'integer' && SEED_INPUTS.has(input),
        span,
      })
    }
  }
  return found
}

/** The node title ComfyUI writes into an API prompt (`_meta.title`, since 2024), when there is one. */
function metaTitle(promptText: string, meta: Span | undefined): string | null {
  if (!meta || promptText[meta.start] !== '{') return null
  const span = memberSpans(promptText, meta.start).get('title')
  if (!span || promptText[span.start] !== '"') return null
  return JSON.parse(promptText.slice(span.start, span.end)) as string
}

/** A widget value's kind and text; null for a link, a list, an object or null. */
function readValue(raw: string): Pick<RunInput, 'kind' | 'value'> | null {
  if (raw.startsWith('"')) return { kind: 'text', value: JSON.parse(raw) as string }
  if (raw === 'true' || raw === 'false') return { kind: 'boolean', value: raw }
  if (INTEGER.test(raw)) return { kind: 'integer', value: raw }
  if (NUMBER.test(raw)) return { kind: 'number', value: raw }
  return null
}

/**
 * The prompt's text with these inputs set, everything else byte for byte as it was. Each value must
 * suit the input's kind (an integer stays an integer; a seed lies in 0 … 2^64 − 1); an input the prompt
 * does not have is refused by name.
 */
export function withValues(promptText: string, values: readonly InputValue[]): string {
  const inputs = locate(promptText, new Map())
  const edits = values.map((set) => {
    const input = inputs.find((one) => one.nodeId === set.nodeId && one.input === set.input)
    if (!input) {
      throw new AppError('validation', `The prompt has no input "${set.input}" on node ${set.nodeId} to set.`)
    }
    return { span: input.span, text: widgetText(input, set.value) }
  })
  edits.sort((a, b) => b.span.start - a.span.start)
  let text = promptText
  for (const { span, text: value } of edits) text = text.slice(0, span.start) + value + text.slice(span.end)
  return text
}

/** A new value as JSON text for an input of this kind, or a validation error in words. */
export function widgetText(input: RunInput, value: string): string {
  const where = `${input.input} of node ${input.nodeId} (${input.classType})`
  const refuse = (what: string) => new AppError('validation', `The ${where} takes ${what}; "${value}" is not one.`)
  const trimmed = value.trim()
  switch (input.kind) {
    case 'text':
      return JSON.stringify(value)
    case 'boolean':
      if (trimmed !== 'true' && trimmed !== 'false') throw refuse('true or false')
      return trimmed
    case 'number':
      if (!NUMBER.test(trimmed)) throw refuse('a number')
      return trimmed
    case 'integer': {
      if (!INTEGER.test(trimmed)) throw refuse('a whole number')
      const whole = BigInt(trimmed)
      if (input.seed && (whole < 0n || whole > MAX_SEED)) throw refuse(`a seed from 0 to ${MAX_SEED}`)
      return whole.toString()
    }
  }
}

/** A random seed in 0 … 2^64 − 1, as decimal text. */
export function randomSeed(): string {
  return BigInt(`0x${randomBytes(8).toString('hex')}`).toString()
}
