import type { InputValue, RunInput, Sweep } from '../../../../shared/contract'

// Every value stays decimal text: a seed up to 2^64 - 1 would lose digits as a JavaScript number.
const MAX_SEED = 2n ** 64n - 1n
const INTEGER = /^-?\d+$/
const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/
/** The contract's bounds on a sweep (runs queued at once). */
export const SWEEP_MIN = 2
export const SWEEP_MAX = 64

/** The form's text per input, keyed by `inputKey`. */
export type Draft = Readonly<Record<string, string>>

/** A node of the prompt with the inputs a run may change. */
export interface NodeGroup {
  nodeId: string
  /** The node's title in the workflow, else its class type. */
  name: string
  classType: string
  inputs: RunInput[]
}

/** The key of one input of one node in a draft. */
export function inputKey(input: { nodeId: string; input: string }): string {
  return `${input.nodeId}\u0000${input.input}`
}

/** The inputs grouped by node, in the prompt's order. */
export function groupByNode(inputs: readonly RunInput[]): NodeGroup[] {
  const groups = new Map<string, NodeGroup>()
  for (const input of inputs) {
    let group = groups.get(input.nodeId)
    if (!group) {
      group = { nodeId: input.nodeId, name: input.title ?? input.classType, classType: input.classType, inputs: [] }
      groups.set(input.nodeId, group)
    }
    group.inputs.push(input)
  }
  return [...groups.values()]
}

/** How a person would call an input: "seed of KSampler #3". */
export function inputLabel(input: RunInput): string {
  return `${input.input} of ${input.title ?? input.classType} #${input.nodeId}`
}

/** True for a text input that holds a prompt (or anything long): it gets a textarea. */
export function isLongText(input: RunInput): boolean {
  return (
    input.kind === 'text' && (/text|prompt/i.test(input.input) || input.value.length > 60 || input.value.includes('\n'))
  )
}

/** What is wrong with a typed value for this input, in words; null when ComfyUI would take it. */
export function valueProblem(input: RunInput, value: string): string | null {
  const text = value.trim()
  if (input.kind === 'integer') {
    if (!INTEGER.test(text)) return `${input.input} takes a whole number.`
    if (input.seed && (BigInt(text) < 0n || BigInt(text) > MAX_SEED)) {
      return `${input.input} takes a seed from 0 to ${MAX_SEED}.`
    }
  }
  if (input.kind === 'number' && !NUMBER.test(text)) return `${input.input} takes a number.`
  return null
}

/** The value of an input in the form: as typed, else as the source ran it. */
export function valueOf(input: RunInput, draft: Draft): string {
  return draft[inputKey(input)] ?? input.value
}

/** True when the typed value is another value than the source's (surrounding spaces of a number do not count). */
export function isChanged(input: RunInput, draft: Draft): boolean {
  const value = valueOf(input, draft)
  return input.kind === 'text' ? value !== input.value : value.trim() !== input.value.trim()
}

/** Only the inputs typed into, with their new values (numbers trimmed, never converted). */
export function changedValues(inputs: readonly RunInput[], draft: Draft, leaveOut: (input: RunInput) => boolean) {
  return inputs
    .filter((input) => isChanged(input, draft) && !leaveOut(input))
    .map((input): InputValue => {
      const value = valueOf(input, draft)
      return { nodeId: input.nodeId, input: input.input, value: input.kind === 'text' ? value : value.trim() }
    })
}

/** A random seed in 0 … 2^64 − 1 as decimal text, drawn from the browser's cryptographic source. */
export function randomSeed(): string {
  const [high, low] = crypto.getRandomValues(new Uint32Array(2))
  return ((BigInt(high) << 32n) | BigInt(low)).toString()
}

/** Many runs at once as the form holds it: none, n new seeds, or one value per line for one input. */
export type SweepDraft =
  { kind: 'none' } | { kind: 'seeds'; count: string } | { kind: 'values'; key: string; lines: string }

/** The lines of a values sweep that hold something (each as typed; numbers trimmed later). */
export function sweepLines(lines: string): string[] {
  return lines.split('\n').filter((line) => line.trim() !== '')
}

/** The sweep to send, or what is wrong with it in words. */
export function sweepOf(
  draft: SweepDraft,
  inputs: readonly RunInput[],
): { sweep: Sweep | undefined; problem: string | null } {
  if (draft.kind === 'none') return { sweep: undefined, problem: null }
  const outOfBounds = (n: number) => n < SWEEP_MIN || n > SWEEP_MAX
  if (draft.kind === 'seeds') {
    const count = draft.count.trim()
    if (!inputs.some((input) => input.seed)) return { sweep: undefined, problem: 'This prompt has no seed to sweep.' }
    if (!/^\d+$/.test(count) || outOfBounds(Number(count))) {
      return { sweep: undefined, problem: `A seed sweep runs ${SWEEP_MIN} to ${SWEEP_MAX} seeds.` }
    }
    return { sweep: { seeds: Number(count) }, problem: null }
  }
  const input = inputs.find((one) => inputKey(one) === draft.key)
  if (!input) return { sweep: undefined, problem: 'Pick the input whose values to sweep.' }
  const lines = sweepLines(draft.lines)
  if (outOfBounds(lines.length)) {
    return { sweep: undefined, problem: `Give ${SWEEP_MIN} to ${SWEEP_MAX} values for ${input.input}, one per line.` }
  }
  const values = input.kind === 'text' ? lines : lines.map((line) => line.trim())
  const wrong = values.map((value) => valueProblem(input, value)).find((problem) => problem !== null)
  if (wrong) return { sweep: undefined, problem: `Sweep: ${wrong}` }
  return { sweep: { nodeId: input.nodeId, input: input.input, values }, problem: null }
}

/** How many runs the form would queue. */
export function runCount(sweep: Sweep | undefined): number {
  if (!sweep) return 1
  return 'seeds' in sweep ? sweep.seeds : sweep.values.length
}
