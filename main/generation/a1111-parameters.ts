import type { GenerationFacts, LoraUse } from './generation-facts'

/** The facts an Automatic1111/Forge `parameters` text gives (the other fields are left to the caller). */
export type A1111Facts = Pick<
  GenerationFacts,
  | 'provider'
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
>

// A1111's own pattern: `Key: value` or `Key: "quoted, value"`, comma separated.
const PARAM = /\s*(\w[\w \-/+]*):\s*("(?:\\.|[^\\"])*"|[^,]*)(?:,|$)/g
const LORA = /<(?:lora|lyco):([^:>]+)(?::([^:>]*))?[^>]*>/gi
const NEGATIVE = 'Negative prompt:'

/**
 * Reads Automatic1111/Forge `parameters` text: the prompt lines, the `Negative prompt:` lines, and
 * the last line holding `Steps:` as `Key: value` pairs. Forge is told by a Version starting `f<digit>`.
 * LoRAs come from `<lora:name:weight>` in the prompt (weight 1 when not written, as A1111 applies it).
 */
export function parseA1111Parameters(text: string): A1111Facts {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  let paramsAt = -1
  for (let i = lines.length - 1; i >= 0; i--) {
    if (/(^|,\s*)Steps:\s*\d/.test(lines[i])) {
      paramsAt = i
      break
    }
  }
  const body = paramsAt < 0 ? lines : lines.slice(0, paramsAt)
  const negativeAt = body.findIndex((line) => line.startsWith(NEGATIVE))
  const promptLines = negativeAt < 0 ? body : body.slice(0, negativeAt)
  const negativeLines = negativeAt < 0 ? [] : body.slice(negativeAt)
  if (negativeLines.length > 0) negativeLines[0] = negativeLines[0].slice(NEGATIVE.length).trimStart()
  const params = paramsAt < 0 ? {} : parseParamLine(lines[paramsAt])
  const trailing = paramsAt < 0 ? [] : lines.slice(paramsAt + 1).filter((line) => line.trim() !== '')
  const prompt = promptLines.join('\n').trim()
  const negative = negativeLines.join('\n').trim()
  const [width, height] = size(params.Size)
  const version = typeof params.Version === 'string' ? params.Version : ''
  const taken = ['Steps', 'Sampler', 'CFG scale', 'Seed', 'Size', 'Model']
  const rest: Record<string, unknown> = Object.fromEntries(
    Object.entries(params).filter(([key]) => !taken.includes(key)),
  )
  if (trailing.length > 0) rest.extraLines = trailing
  return {
    provider: /^f\d/.test(version) ? 'forge' : 'automatic1111',
    model: params.Model ?? null,
    prompt: prompt || null,
    negativePrompt: negative || null,
    seed: integer(params.Seed),
    steps: integer(params.Steps),
    sampler: params.Sampler ?? null,
    cfg: number(params['CFG scale']),
    width,
    height,
    loras: lorasIn(prompt),
    params: rest,
  }
}

/** `Key: value, Key: "quoted, value"` pairs; quoted values unquoted as JSON strings. */
export function parseParamLine(line: string): Record<string, string> {
  const result: Record<string, string> = {}
  for (const [, key, raw] of line.matchAll(PARAM)) {
    let value = raw.trim()
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) {
      try {
        value = JSON.parse(value) as string
      } catch {
        value = value.slice(1, -1)
      }
    }
    result[key.trim()] = value
  }
  return result
}

function lorasIn(prompt: string): LoraUse[] {
  return [...prompt.matchAll(LORA)].map(([, name, weight]) => ({
    name: name.trim(),
    weight: weight === undefined || weight.trim() === '' ? 1 : number(weight),
  }))
}

function size(value: string | undefined): [number | null, number | null] {
  const match = value === undefined ? null : /^(\d+)x(\d+)$/.exec(value)
  return match ? [Number(match[1]), Number(match[2])] : [null, null]
}

function integer(value: string | undefined): number | null {
  return value !== undefined && /^-?\d+$/.test(value) ? Number(value) : null
}

function number(value: string | undefined): number | null {
  return value !== undefined && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : null
}
