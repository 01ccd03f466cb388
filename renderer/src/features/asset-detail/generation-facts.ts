import type { AssetWorkflow, Generation } from '../../../../shared/contract'

type Params = Record<string, unknown>
// FactList's Fact, spelled out: importing metadata-groups would pull the api client into the unit tests' types.
type Fact = { label: string; value: string; copy?: boolean }

/** A LoRA as the generation readers store it. */
export interface Lora {
  name: string
  weight: number | null
}

/** What the Generation section shows, worded: the main settings, the rest, where they were read, what broke. */
export interface GenerationView {
  settings: Fact[]
  loras: Lora[]
  other: Fact[]
  sources: string[]
  problems: string[]
}

// The keys the section shows on their own (or not at all: the save-node candidates are the Workflows section's).
const SHOWN = new Set([
  'steps',
  'sampler',
  'cfg',
  'width',
  'height',
  'loras',
  'sources',
  'problems',
  'saveNodes',
  'motionModel',
])

/**
 * Words the section shows for a generation (null when the asset has none) and the broken tags noted at
 * import (`metadata.generationProblems`; the parameters' own `problems` too, each once).
 */
export function generationView(generation: Generation | null, metadataProblems: unknown): GenerationView {
  const params = asParams(generation?.generationParams)
  const problems = [...new Set([...strings(metadataProblems), ...strings(params.problems)])]
  if (!generation) return { settings: [], loras: [], other: [], sources: [], problems }
  const size = sizeText(params.width, params.height)
  const settings: Array<Fact | false> = [
    !!generation.provider && { label: 'Provider', value: providerName(generation.provider) },
    !!generation.model && { label: 'Model', value: generation.model },
    // AnimateDiff's motion module, read from its loader (issue 37 point 4).
    typeof params.motionModel === 'string' && { label: 'Motion model', value: params.motionModel },
    // Text, never a number: generators draw seeds up to 2^64 - 1.
    generation.seed !== null && { label: 'Seed', value: generation.seed, copy: true },
    params.steps != null && { label: 'Steps', value: valueText(params.steps) },
    params.sampler != null && { label: 'Sampler', value: samplerText(params.sampler, params.scheduler) },
    params.cfg != null && { label: 'CFG', value: valueText(params.cfg) },
    !!size && { label: 'Size', value: size },
  ]
  const other = Object.entries(params)
    .filter(([key, value]) => !SHOWN.has(key) && !(key === 'scheduler' && params.sampler != null) && value != null)
    .map(([key, value]) => ({ label: key, value: valueText(value) }))
  return {
    settings: settings.filter((fact): fact is Fact => fact !== false),
    loras: loras(params.loras),
    other,
    sources: strings(params.sources),
    problems,
  }
}

const PROVIDERS: Record<string, string> = {
  comfyui: 'ComfyUI',
  invokeai: 'InvokeAI',
  automatic1111: 'Automatic1111',
  forge: 'Forge',
}

function providerName(provider: string): string {
  return PROVIDERS[provider.toLowerCase()] ?? provider
}

/** A source code such as `mp4:tag:prompt` in words: "mp4 tag “prompt”". */
export function sourceText(source: string): string {
  const [container, kind, ...rest] = source.split(':')
  if (!kind) return source
  const name = rest.join(':')
  return name ? `${container} ${kind} “${name}”` : `${container} ${kind}`
}

/** A broken-tag note ("mp4:tag:workflow: not JSON …") with its source in words. */
export function problemText(problem: string): string {
  const match = /^([\w.-]+:[\w.-]+:[^\s:]+): (.*)$/s.exec(problem)
  return match ? `${sourceText(match[1]!)}: ${match[2]}` : problem
}

function samplerText(sampler: unknown, scheduler: unknown): string {
  return scheduler == null ? valueText(sampler) : `${valueText(sampler)} (${valueText(scheduler)})`
}

function sizeText(width: unknown, height: unknown): string | null {
  return typeof width === 'number' && typeof height === 'number' ? `${width} × ${height}` : null
}

function loras(value: unknown): Lora[] {
  if (!Array.isArray(value)) return []
  return value.flatMap((item: unknown) => {
    if (item === null || typeof item !== 'object') return []
    const { name, weight } = item as { name?: unknown; weight?: unknown }
    return typeof name === 'string' ? [{ name, weight: typeof weight === 'number' ? weight : null }] : []
  })
}

/** A parameter's value as text: strings as they are, the rest as compact JSON. */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

function asParams(value: unknown): Params {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Params) : {}
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []
}

/** Which node of the workflow an asset is on, worded: ", node 9 (SaveImage)", or that the file names no save node. */
export function associationNodeText(item: Pick<AssetWorkflow, 'nodeId' | 'nodeType'>): string {
  if (item.nodeId === null) return ', no save node (the file names none)'
  return `, node ${item.nodeId}${item.nodeType ? ` (${item.nodeType})` : ''}`
}
