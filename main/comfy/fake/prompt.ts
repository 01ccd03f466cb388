/** One node of a queued prompt: its parsed inputs and their exact source text (caching compares that). */
export type FakeNode = { id: string; classType: string; inputs: Record<string, unknown>; inputsText: string }

/** How one prompt should misbehave (options of the fake, or magic text in the prompt). */
export type Scenario = {
  /** The node at which the run fails with execution_error. */
  failAt: string | null
  /** The node validation refuses (HTTP 400, `value_not_in_list`). */
  refuse: string | null
  /** Delay before each sampler step: long enough and an interrupt lands mid-run. */
  stepDelayMs: number
  /** The server drops the client's socket after this many messages of the run. */
  dropAfter: number | null
  /** The run never shows in /history (it answers `{}`). */
  emptyHistory: boolean
}

/** A prompt the fake accepted: the exact texts it received and what it parsed from them. */
export type FakePrompt = {
  number: number
  promptId: string
  clientId: string | null
  /** The "prompt" member exactly as received: outputs and /history carry this text, so 64-bit seeds survive. */
  promptText: string
  /** extra_data as ComfyUI keeps it (the client id added), as source text. */
  extraText: string
  /** extra_pnginfo's members (workflow…) as source text, embedded next to the prompt in outputs. */
  pngInfo: [key: string, text: string][]
  nodes: Map<string, FakeNode>
  /** The output nodes that passed validation, run in this order. */
  outputs: string[]
  scenario: Scenario
}

/** Failure scenarios for tests, chosen for every prompt of a fake server. */
export type FakeScenarios = {
  /** Fail the run with execution_error at this node id. */
  failAtNode?: string
  /** Refuse prompts at validation, naming this node id. */
  refuseNode?: string
  /** Delay before each sampler step in ms (default 5). */
  stepDelayMs?: number
  /** Drop the client's websocket after this many messages of a run (the run still completes). */
  dropSocketAfter?: number
  /** Keep runs out of /history (it answers `{}`), as if the history were cleared. */
  emptyHistory?: boolean
}

/**
 * Text a person can type into a prompt (e.g. a CLIPTextEncode's text) to try a scenario in the
 * UI: `[fake:error]` and `[fake:refuse]` act at the node whose inputs hold them.
 */
export const MAGIC = {
  error: '[fake:error]',
  refuse: '[fake:refuse]',
  slow: '[fake:slow]',
  drop: '[fake:drop]',
  emptyHistory: '[fake:empty-history]',
} as const

const SLOW_STEP_MS = 300
const DROP_AFTER = 5

/** The scenario of one prompt: the server's options first, else magic text in the prompt. */
export function scenarioOf(options: FakeScenarios, nodes: Iterable<FakeNode>, promptText: string): Scenario {
  const list = [...nodes]
  const holding = (magic: string) => list.find((node) => node.inputsText.includes(magic))?.id ?? null
  return {
    failAt: options.failAtNode ?? holding(MAGIC.error),
    refuse: options.refuseNode ?? holding(MAGIC.refuse),
    stepDelayMs: promptText.includes(MAGIC.slow) ? SLOW_STEP_MS : (options.stepDelayMs ?? 5),
    dropAfter: options.dropSocketAfter ?? (promptText.includes(MAGIC.drop) ? DROP_AFTER : null),
    emptyHistory: options.emptyHistory === true || promptText.includes(MAGIC.emptyHistory),
  }
}
