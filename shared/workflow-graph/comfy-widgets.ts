// Naming ComfyUI widget values: `widgets_values` is positional, and the names live in the node
// classes' Python definitions, which a saved workflow does not carry.
import { isRecord, list, text } from './read'

/**
 * Widget names of common core nodes, in `widgets_values` order, for files whose inputs do not name
 * their widgets (frontends before ~1.16 wrote `inputs[].widget` only for converted widgets). Kept
 * small on purpose: unknown nodes fall back to `widgets_values[i]`.
 */
export const KNOWN_WIDGETS: Readonly<Record<string, readonly string[]>> = {
  KSampler: ['seed', 'control_after_generate', 'steps', 'cfg', 'sampler_name', 'scheduler', 'denoise'],
  KSamplerAdvanced: [
    'add_noise',
    'noise_seed',
    'control_after_generate',
    'steps',
    'cfg',
    'sampler_name',
    'scheduler',
    'start_at_step',
    'end_at_step',
    'return_with_leftover_noise',
  ],
  SamplerCustom: ['add_noise', 'noise_seed', 'control_after_generate', 'cfg'],
  RandomNoise: ['noise_seed', 'control_after_generate'],
  CLIPTextEncode: ['text'],
  CheckpointLoaderSimple: ['ckpt_name'],
  VAELoader: ['vae_name'],
  LoraLoader: ['lora_name', 'strength_model', 'strength_clip'],
  EmptyLatentImage: ['width', 'height', 'batch_size'],
  LoadImage: ['image', 'upload'],
  SaveImage: ['filename_prefix'],
  SaveAnimatedWEBP: ['filename_prefix', 'fps', 'lossless', 'quality', 'method'],
  SaveAnimatedPNG: ['filename_prefix', 'fps', 'compress_level'],
  SaveWEBM: ['filename_prefix', 'codec', 'fps', 'crf'],
}

// The frontend adds this widget after every seed-like INT; its value is one of these words.
const CONTROL_WORDS = new Set(['fixed', 'increment', 'decrement', 'randomize'])

/** The widget names a node's inputs declare (`inputs[].widget.name`), in order. */
function declaredWidgetNames(node: Record<string, unknown>): string[] {
  return list(node.inputs).flatMap((input) => {
    const name = isRecord(input) && isRecord(input.widget) ? text(input.widget.name) : undefined
    return name === undefined ? [] : [name]
  })
}

/**
 * Named parameters from a ComfyUI UI-format node: an object `widgets_values` (VideoHelperSuite)
 * is already named; an array is named by the inputs' widget names, else by KNOWN_WIDGETS, else
 * `widgets_values[i]`.
 */
export function widgetParameters(node: Record<string, unknown>, type: string): Record<string, unknown> {
  const values = node.widgets_values
  if (isRecord(values)) return Object.fromEntries(Object.entries(values))
  if (!Array.isArray(values)) return {}
  const names = widgetNames(node, type, values)
  const entries: [string, unknown][] = []
  const used = new Set<string>()
  values.forEach((value, index) => {
    const known = names[index]
    // A repeated name (junk input lists) must not overwrite an earlier value.
    const name = known !== undefined && !used.has(known) ? known : `widgets_values[${index}]`
    used.add(name)
    entries.push([name, value])
  })
  return Object.fromEntries(entries)
}

/**
 * Names for an array of widget values. Newer frontends declare every widget as an input, so the
 * declared list (plus the undeclared control widget) names all values but a trailing button-like
 * one; older ones declare only widgets converted to inputs, a partial list that would misname the
 * rest, so then the table (or nothing) names them.
 */
function widgetNames(node: Record<string, unknown>, type: string, values: unknown[]): readonly string[] {
  const known = KNOWN_WIDGETS[type]
  const declared = withControlWidgets(declaredWidgetNames(node), values)
  const complete = declared.length > 0 && declared.length >= values.length - 1
  if (complete && (known === undefined || declared.length >= known.length)) return declared
  return known ?? (complete ? declared : [])
}

/**
 * Declared names with `control_after_generate` inserted where the values show one: the frontend
 * stores that widget's value after the seed, but no input declares it.
 */
function withControlWidgets(declared: string[], values: unknown[]): string[] {
  const names: string[] = []
  let valueIndex = 0
  for (const name of declared) {
    names.push(name)
    const value = values[valueIndex]
    const next = values[valueIndex + 1]
    valueIndex++
    const extra = values.length - valueIndex > declared.length - names.length
    if (typeof value === 'number' && typeof next === 'string' && CONTROL_WORDS.has(next) && extra) {
      names.push('control_after_generate')
      valueIndex++
    }
  }
  return names
}
