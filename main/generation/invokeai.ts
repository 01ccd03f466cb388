import {
  asNumber,
  asObject,
  asText,
  type GenerationFacts,
  type LoraUse,
  type SaveNodeCandidate,
} from './generation-facts'

/** The facts InvokeAI's `invokeai_metadata` gives. */
export type InvokeFacts = Pick<
  GenerationFacts,
  'model' | 'prompt' | 'negativePrompt' | 'seed' | 'steps' | 'sampler' | 'cfg' | 'width' | 'height' | 'loras' | 'params'
>

const TAKEN = [
  'positive_prompt',
  'negative_prompt',
  'seed',
  'steps',
  'scheduler',
  'cfg_scale',
  'width',
  'height',
  'model',
  'loras',
]

/**
 * Reads InvokeAI's `invokeai_metadata` object: v4/v5 write `model: {name, base, key, hash}` and
 * `loras: [{model: {name}, weight}]`; v3 wrote `model: {model_name, base_model}` and `loras: [{lora: {model_name}, weight}]`.
 * The scheduler is InvokeAI's sampler; everything else is kept in `params`.
 */
export function readInvokeMetadata(metadata: Record<string, unknown>): InvokeFacts {
  const model = asObject(metadata.model)
  const params = Object.fromEntries(Object.entries(metadata).filter(([key]) => !TAKEN.includes(key)))
  if (model) params.modelInfo = model
  return {
    model: asText(model?.name) ?? asText(model?.model_name) ?? asText(metadata.model),
    prompt: promptText(metadata.positive_prompt),
    negativePrompt: promptText(metadata.negative_prompt),
    seed: asNumber(metadata.seed),
    steps: asNumber(metadata.steps),
    sampler: asText(metadata.scheduler),
    cfg: asNumber(metadata.cfg_scale),
    width: asNumber(metadata.width),
    height: asNumber(metadata.height),
    loras: invokeLoras(metadata.loras),
    params,
  }
}

function promptText(value: unknown): string | null {
  return (
    asText(value) ?? (Array.isArray(value) ? asText(value.filter((part) => typeof part === 'string').join('\n')) : null)
  )
}

function invokeLoras(value: unknown): LoraUse[] {
  if (!Array.isArray(value)) return []
  return value.flatMap((entry): LoraUse[] => {
    const lora = asObject(entry)
    const model = asObject(lora?.model) ?? asObject(lora?.lora)
    const name = asText(model?.name) ?? asText(model?.model_name)
    return name ? [{ name, weight: asNumber(lora?.weight) }] : []
  })
}

/** The nodes of an InvokeAI graph whose images are kept (not intermediate): the ones that wrote the file. */
export function invokeSaveNodes(graph: unknown): SaveNodeCandidate[] {
  const nodes = asObject(asObject(graph)?.nodes)
  if (!nodes) return []
  return Object.entries(nodes).flatMap(([nodeId, value]): SaveNodeCandidate[] => {
    const node = asObject(value)
    return node && node.is_intermediate === false
      ? [{ nodeId, nodeType: asText(node.type) ?? 'unknown', fits: true }]
      : []
  })
}
