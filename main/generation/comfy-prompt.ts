import { asNumber, asObject, asText, type GenerationFacts, type LoraUse } from './generation-facts'
import { scheduleKeyframes, scheduleText } from './prompt-schedule'
import { saveNodesOf } from './save-nodes'

/** A ComfyUI API-format prompt: node id → `{ class_type, inputs }`. */
export type ApiPrompt = Record<string, { class_type: string; inputs: Record<string, unknown> }>

/** The facts a ComfyUI API prompt gives. */
export type ComfyFacts = Pick<
  GenerationFacts,
  | 'model'
  | 'prompt'
  | 'negativePrompt'
  | 'seed'
  | 'steps'
  | 'sampler'
  | 'cfg'
  | 'width'
  | 'height'
  | 'loras'
  | 'params'
  | 'saveNodes'
>

/** Whether a value is a ComfyUI API-format prompt (every node an object with a `class_type`). */
export function isApiPrompt(value: unknown): value is ApiPrompt {
  const object = asObject(value)
  if (!object) return false
  const nodes = Object.values(object)
  return (
    nodes.length > 0 &&
    nodes.every(
      (node) => typeof asObject(node)?.class_type === 'string' && asObject(asObject(node)?.inputs) !== undefined,
    )
  )
}

const MAX_HOPS = 64

/**
 * Reads a ComfyUI API prompt: the sampler nearest upstream of the save node that fits `extension`
 * (seed, steps, cfg, sampler; SamplerCustomAdvanced's noise/guider/sampler/sigmas nodes too), the
 * texts wired to its positive and negative inputs (links `[nodeId, outputIndex]` followed through
 * conditioning nodes), the checkpoint or UNet loader upstream, LoRA loaders, and the latent size.
 */
export function readComfyPrompt(prompt: ApiPrompt, extension: string): ComfyFacts {
  const saveNodes = saveNodesOf(prompt, extension)
  const ids = Object.keys(prompt)
  const isSampler = (id: string) => samplerParts(prompt, id) !== null
  const sampler = (saveNodes[0] && upstream(prompt, saveNodes[0].nodeId, isSampler)) ?? ids.find(isSampler) ?? null
  const parts = sampler === null ? null : samplerParts(prompt, sampler)
  const inputsOf = (id: string | null) => (id === null ? undefined : prompt[id]?.inputs)
  const modelNode =
    (sampler && upstream(prompt, sampler, (id) => hasModelName(prompt, id))) ??
    ids.find((id) => hasModelName(prompt, id))
  const sizeNode = sampler && upstream(prompt, sampler, (id) => hasSize(prompt, id))
  const size = inputsOf(sizeNode ?? ids.find((id) => hasSize(prompt, id)) ?? null)
  const samplerInputs = inputsOf(parts?.sampler ?? null)
  const params: Record<string, unknown> = {}
  if (sampler !== null) params.samplerNode = { id: sampler, type: prompt[sampler].class_type }
  const scheduler = resolveValue(prompt, inputsOf(parts?.sigmas ?? sampler)?.scheduler)
  if (scheduler !== undefined) params.scheduler = scheduler
  const denoise = resolveValue(prompt, inputsOf(parts?.sigmas ?? sampler)?.denoise)
  if (denoise !== undefined) params.denoise = denoise
  const frames = asNumber(size?.length ?? size?.batch_size)
  if (frames !== null) params[size?.length !== undefined ? 'frames' : 'batchSize'] = frames
  // The frame rate a video or animation was written at lives on its save node (VHS frame_rate, SaveWEBM fps).
  const saver = inputsOf(saveNodes[0]?.nodeId ?? null)
  const fps = asNumber(resolveValue(prompt, saver?.frame_rate ?? saver?.fps))
  if (fps !== null) params.fps = fps
  const motionModel = motionModelOf(prompt)
  if (motionModel !== null) params.motionModel = motionModel
  return {
    model: asText(resolveValue(prompt, modelName(inputsOf(modelNode ?? null)))),
    prompt: parts ? textOf(prompt, parts.positive, 0) : null,
    negativePrompt: parts ? textOf(prompt, parts.negative, 0) : null,
    seed: asNumber(
      resolveValue(prompt, inputsOf(parts?.noise ?? null)?.noise_seed ?? inputsOf(parts?.noise ?? null)?.seed),
    ),
    steps: asNumber(resolveValue(prompt, inputsOf(parts?.sigmas ?? null)?.steps)),
    sampler: asText(resolveValue(prompt, samplerInputs?.sampler_name)),
    cfg: asNumber(resolveValue(prompt, inputsOf(parts?.guider ?? null)?.cfg)),
    width: asNumber(resolveValue(prompt, size?.width)),
    height: asNumber(resolveValue(prompt, size?.height)),
    loras: lorasOf(prompt),
    params,
    saveNodes,
  }
}

type SamplerParts = {
  noise: string
  sigmas: string
  sampler: string
  guider: string
  positive: unknown
  negative: unknown
}

/** Where a sampler's settings live: on the node itself (KSampler) or on the nodes wired into it (SamplerCustomAdvanced). */
function samplerParts(prompt: ApiPrompt, id: string): SamplerParts | null {
  const inputs = prompt[id]?.inputs
  if (!inputs) return null
  const linked = (value: unknown) => (isLink(value) ? String(value[0]) : id)
  if ('seed' in inputs || 'noise_seed' in inputs) {
    if (!('steps' in inputs) && !('positive' in inputs)) return null
    // SamplerCustom keeps its sampler and sigmas on linked nodes; KSampler on itself.
    const [sampler, sigmas] = [linked(inputs.sampler), linked(inputs.sigmas)]
    return { noise: id, sigmas, sampler, guider: id, positive: inputs.positive, negative: inputs.negative }
  }
  if (!('noise' in inputs && 'guider' in inputs)) return null
  const guider = linked(inputs.guider)
  const guiderInputs = prompt[guider]?.inputs ?? {}
  return {
    noise: linked(inputs.noise),
    sigmas: linked(inputs.sigmas),
    sampler: linked(inputs.sampler),
    guider,
    positive: guiderInputs.positive ?? guiderInputs.conditioning,
    negative: guiderInputs.negative,
  }
}

/** A link input: `[nodeId, outputIndex]`. */
export function isLink(value: unknown): value is [string | number, number] {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    (typeof value[0] === 'string' || typeof value[0] === 'number') &&
    typeof value[1] === 'number'
  )
}

/** The nearest node upstream of `start` (breadth first over its link inputs) that `test` accepts. */
function upstream(prompt: ApiPrompt, start: string, test: (id: string) => boolean): string | undefined {
  const seen = new Set([start])
  let level = [start]
  for (let hop = 0; hop < MAX_HOPS && level.length > 0; hop++) {
    const next: string[] = []
    for (const id of level) {
      for (const value of Object.values(prompt[id]?.inputs ?? {})) {
        if (!isLink(value)) continue
        const from = String(value[0])
        if (seen.has(from) || !prompt[from]) continue
        if (test(from)) return from
        seen.add(from)
        next.push(from)
      }
    }
    level = next
  }
  return undefined
}

/** A value input, or the widget value of the node a link points at (a seed or text node feeding the input). */
function resolveValue(prompt: ApiPrompt, value: unknown, hops = 0): unknown {
  if (!isLink(value)) return value
  if (hops >= MAX_HOPS) return undefined
  const inputs = prompt[String(value[0])]?.inputs
  if (!inputs) return undefined
  for (const key of ['value', 'seed', 'noise_seed', 'int', 'float', 'string', 'text', 'number']) {
    if (key in inputs) return resolveValue(prompt, inputs[key], hops + 1)
  }
  const first = Object.values(inputs).find(
    (input) => !isLink(input) && (typeof input === 'number' || typeof input === 'string'),
  )
  return first
}

// Prompt travel: nodes that encode a schedule of prompts over the frames (AnimateDiff-Evolved, FizzNodes).
const SCHEDULE_NODE = /Prompt_?Schedul/i

/** The text a conditioning link carries: a text encoder's text, followed back through conditioning nodes. */
function textOf(prompt: ApiPrompt, link: unknown, hops: number): string | null {
  if (!isLink(link) || hops >= MAX_HOPS) return null
  const node = prompt[String(link[0])]
  const inputs = node?.inputs
  if (!inputs) return null
  if (SCHEDULE_NODE.test(node.class_type)) return scheduleOf(prompt, inputs, link[1])
  for (const key of ['text', 'text_g', 'prompt', 'positive_prompt']) {
    const text = asText(resolveValue(prompt, inputs[key]))
    if (text !== null)
      return key === 'text_g' && asText(inputs.text_l) && inputs.text_l !== text
        ? `${text}\n${String(inputs.text_l)}`
        : text
  }
  // Nodes passing a pair through (ControlNetApplyAdvanced): output 0 is positive, 1 negative.
  if (isLink(inputs.positive) && isLink(inputs.negative))
    return textOf(prompt, link[1] === 1 ? inputs.negative : inputs.positive, hops + 1)
  for (const key of ['conditioning', 'conditioning_1', 'conditioning_to', 'positive']) {
    const text = textOf(prompt, inputs[key], hops + 1)
    if (text !== null) return text
  }
  return null
}

/**
 * A schedule node's prompts, each keyframe on a line (see prompt-schedule.ts), with the text it puts before and after
 * each; its second output (FizzNodes' NEG) carries no prompt of its own.
 */
function scheduleOf(prompt: ApiPrompt, inputs: Record<string, unknown>, output: number): string | null {
  if (output !== 0) return null
  const schedule = asText(resolveValue(prompt, inputs.prompts ?? inputs.text))
  if (schedule === null) return null
  const keyframes = scheduleKeyframes(schedule)
  if (!keyframes) return schedule.trim() || null
  const around = (key: string) => asText(resolveValue(prompt, inputs[key]))
  return scheduleText(
    keyframes,
    around('prepend_text') ?? around('pre_text'),
    around('append_text') ?? around('app_text'),
  )
}

function modelName(inputs: Record<string, unknown> | undefined): unknown {
  return inputs?.ckpt_name ?? inputs?.unet_name ?? inputs?.model_name
}

// AnimateDiff's motion model loaders also name a `model_name`: it is the motion module, not the model.
const MOTION_LOADER = /AnimateDiff|^ADE_/

function hasModelName(prompt: ApiPrompt, id: string): boolean {
  const node = prompt[id]
  return (
    modelName(node?.inputs) !== undefined &&
    !('lora_name' in (node?.inputs ?? {})) &&
    !MOTION_LOADER.test(node?.class_type ?? '')
  )
}

/** The AnimateDiff motion model a prompt loads (ADE_LoadAnimateDiffModel, the Gen1 and legacy loaders), if any. */
function motionModelOf(prompt: ApiPrompt): string | null {
  const loader = Object.values(prompt).find(
    (node) => MOTION_LOADER.test(node.class_type) && typeof node.inputs.model_name === 'string',
  )
  return loader ? asText(loader.inputs.model_name) : null
}

function hasSize(prompt: ApiPrompt, id: string): boolean {
  const inputs = prompt[id]?.inputs ?? {}
  return 'width' in inputs && 'height' in inputs && /latent/i.test(prompt[id].class_type)
}

/** LoraLoader-style nodes (`lora_name`, `strength_model`), and rgthree's Power Lora Loader (`lora_N: {on, lora, strength}`). */
function lorasOf(prompt: ApiPrompt): LoraUse[] {
  const loras: LoraUse[] = []
  for (const { inputs } of Object.values(prompt)) {
    const name = asText(inputs.lora_name)
    if (name) loras.push({ name, weight: asNumber(inputs.strength_model ?? inputs.strength) })
    for (const value of Object.values(inputs)) {
      const slot = asObject(value)
      const lora = asText(slot?.lora)
      if (slot && lora && lora !== 'None' && slot.on !== false)
        loras.push({ name: lora, weight: asNumber(slot.strength) })
    }
  }
  return loras
}
