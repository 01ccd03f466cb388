/** Which kind of graph a workflow definition is; the same names as the `workflows.format` column. */
export type WorkflowFormat = 'comfyui-ui' | 'comfyui-api' | 'invokeai' | 'native'

/**
 * A workflow found in a file: its definition as written, and the id it carries (ComfyUI UI format's `id`);
 * `text` is the JSON text the file held it as, kept exactly (a seed past 2^53 keeps its digits).
 */
export type FoundWorkflow = { format: WorkflowFormat; definition: unknown; id: string | null; text?: string }

/** A node of the run's graph that may have written the file; `fits` says its kind writes files like this one. */
export type SaveNodeCandidate = { nodeId: string; nodeType: string; fits: boolean }

/** One LoRA applied in a run; weight null when the file does not say. */
export type LoraUse = { name: string; weight: number | null }

/**
 * What a generated file says about how it was made. JSON-serialisable; null where the file does not say.
 * Nothing here throws: a broken tag is a line in `problems` and the rest is still read.
 */
export type GenerationFacts = {
  /** Where each fact came from, e.g. 'png:tEXt:prompt', 'mp4:tag:workflow', 'sidecar:png:tEXt:prompt'. */
  sources: string[]
  /** 'comfyui' | 'invokeai' | 'automatic1111' | 'forge'. */
  provider: string | null
  model: string | null
  prompt: string | null
  negativePrompt: string | null
  /** Decimal text when past 2^53 (generators draw up to 2^64 - 1; a number would round it). */
  seed: number | string | null
  steps: number | null
  sampler: string | null
  cfg: number | null
  width: number | null
  height: number | null
  loras: LoraUse[]
  /** Everything else worth keeping (scheduler, denoise, model hash, version, ...), by the generator's own names. */
  params: Record<string, unknown>
  workflow: FoundWorkflow | null
  /** The exact request the run executed: a ComfyUI API-format prompt, or InvokeAI's graph. One execution per distinct value. */
  apiPrompt: unknown | null
  /** The API prompt's JSON text as the file holds it (seeds past 2^53 with every digit), when it came as text. */
  apiPromptText: string | null
  /** Nodes that may have written the file, best first (those whose kind fits the file before the others). */
  saveNodes: SaveNodeCandidate[]
  /** When the file was made, from a stream's `creation_time` (ISO 8601); see README for the order. */
  createdAt: string | null
  /** Broken or suspicious tags, each naming its source; the import goes on. */
  problems: string[]
}

/** Facts with nothing found yet. */
export function emptyFacts(): GenerationFacts {
  return {
    sources: [],
    provider: null,
    model: null,
    prompt: null,
    negativePrompt: null,
    seed: null,
    steps: null,
    sampler: null,
    cfg: null,
    width: null,
    height: null,
    loras: [],
    params: {},
    workflow: null,
    apiPrompt: null,
    apiPromptText: null,
    saveNodes: [],
    createdAt: null,
    problems: [],
  }
}

/** One text value found in a file under a key, before it is interpreted; `source` names the place. */
export type TextEntry = { key: string; text: string; source: string }

/** Text entries read from a file, and what was wrong on the way. */
export type TextEntries = { entries: TextEntry[]; problems: string[] }

/** A plain JSON object (not an array), or undefined. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}

/** A finite number, or a numeric string read as one; null otherwise. */
export function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value)
  return null
}

/** A non-empty string, or null. */
export function asText(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}
