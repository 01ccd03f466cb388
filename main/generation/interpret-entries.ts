import { parseA1111Parameters } from './a1111-parameters'
import { isApiPrompt, readComfyPrompt } from './comfy-prompt'
import { asObject, type GenerationFacts, type TextEntry } from './generation-facts'
import { invokeSaveNodes, readInvokeMetadata } from './invokeai'
import { parseLenientJson } from '../../shared/lenient-json'
import { exactSeed } from './exact-seed'
import { foundWorkflow } from './workflow-kind'

// `text`: the JSON text the value was read from (the innermost, for a value encoded twice).
type Found = { value: unknown; source: string; text?: string }

/**
 * Keys that hold JSON holding ComfyUI's `prompt` and `workflow`: VideoHelperSuite's older single tag, and
 * the EXIF UserComment of ComfyUI's image-saving nodes for AVIF, WebP and JPEG (save-image-extended,
 * ExtendedImageFormats), which ComfyUI's own AVIF loader reads too.
 */
const WRAPPERS = ['comment', 'description', 'usercomment']
const FACT_FIELDS = ['model', 'prompt', 'negativePrompt', 'seed', 'steps', 'sampler', 'cfg', 'width', 'height'] as const

/**
 * Turns the text entries found in a file into generation facts, in place: ComfyUI (`prompt`,
 * `workflow`, or both inside a `comment`, `description` or UserComment), InvokeAI (`invokeai_*`),
 * A1111/Forge (`parameters`, or an EXIF UserComment holding such text). Keys match
 * case-insensitively; the first entry of a key wins.
 * A value that is not JSON is a problem, never an exception.
 */
export function interpretEntries(entries: TextEntry[], extension: string, facts: GenerationFacts): void {
  const first = new Map<string, TextEntry>()
  for (const entry of entries) if (!first.has(entry.key.toLowerCase())) first.set(entry.key.toLowerCase(), entry)
  const json = (key: string): Found | undefined => {
    const entry = first.get(key)
    if (!entry) return undefined
    const texts: string[] = []
    const value = decodeJson(entry.text, entry.source, facts.problems, texts)
    return value === undefined ? undefined : { value, source: entry.source, text: texts.at(-1) }
  }
  let prompt = json('prompt')
  let workflow = json('workflow')
  for (const key of WRAPPERS) {
    const entry = first.get(key)
    if ((prompt && workflow) || !entry || !/^\s*\{/.test(entry.text)) continue
    const wrapper = asObject(decodeJson(entry.text, entry.source, facts.problems))
    const inner = (name: string): Found | undefined => {
      if (wrapper?.[name] === undefined) return undefined
      const texts: string[] = []
      const value = decodeJson(wrapper[name], `${entry.source}:${name}`, facts.problems, texts)
      return value === undefined ? undefined : { value, source: `${entry.source}:${name}`, text: texts.at(-1) }
    }
    prompt ??= inner('prompt')
    workflow ??= inner('workflow')
  }
  readComfy(prompt, workflow, extension, facts)
  readInvoke(json('invokeai_metadata'), json('invokeai_graph'), json('invokeai_workflow'), facts)
  const parameters =
    first.get('parameters') ?? [first.get('usercomment')].find((entry) => entry && /Steps:\s*\d/.test(entry.text))
  if (parameters) {
    const a1111 = parseA1111Parameters(parameters.text)
    facts.sources.push(parameters.source)
    facts.provider ??= a1111.provider
    fillGaps(facts, a1111)
  }
  // A seed past 2^53 as the digits the entries wrote (JSON reading rounds it).
  facts.seed = exactSeed(
    facts.seed,
    entries.map((entry) => entry.text),
  )
}

function readComfy(prompt: Found | undefined, workflow: Found | undefined, extension: string, facts: GenerationFacts) {
  if (prompt) {
    if (isApiPrompt(prompt.value)) {
      const comfy = readComfyPrompt(prompt.value, extension)
      facts.apiPrompt = prompt.value
      facts.apiPromptText = prompt.text ?? null
      facts.saveNodes = comfy.saveNodes
      facts.sources.push(prompt.source)
      fillGaps(facts, comfy)
    } else facts.problems.push(`${prompt.source}: not a ComfyUI API-format prompt`)
  }
  if (workflow) {
    const found = foundWorkflow(workflow.value, workflow.text)
    if (found) {
      facts.workflow = found
      facts.sources.push(workflow.source)
    } else facts.problems.push(`${workflow.source}: not a workflow Framevault knows`)
  }
  if (facts.apiPrompt !== null && facts.workflow === null) {
    // Only the API prompt: it is the workflow's definition too (its hash is then its identity).
    facts.workflow = {
      format: 'comfyui-api',
      definition: facts.apiPrompt,
      id: null,
      ...(prompt?.text !== undefined && { text: prompt.text }),
    }
  }
  if (facts.apiPrompt !== null || facts.workflow?.format.startsWith('comfyui')) facts.provider ??= 'comfyui'
}

function readInvoke(
  metadata: Found | undefined,
  graph: Found | undefined,
  workflow: Found | undefined,
  facts: GenerationFacts,
) {
  if (!metadata && !graph && !workflow) return
  facts.provider ??= 'invokeai'
  const object = asObject(metadata?.value)
  if (metadata && object) {
    const invoke = readInvokeMetadata(object)
    facts.sources.push(metadata.source)
    fillGaps(facts, invoke)
  } else if (metadata) facts.problems.push(`${metadata.source}: not an object`)
  const definition = workflow ? foundWorkflow(workflow.value, workflow.text) : null
  const graphWorkflow = graph ? foundWorkflow(graph.value, graph.text) : null
  if (workflow && !definition) facts.problems.push(`${workflow.source}: not an InvokeAI workflow`)
  if (graph && !graphWorkflow) facts.problems.push(`${graph.source}: not an InvokeAI graph`)
  if (facts.workflow === null && (definition ?? graphWorkflow)) {
    facts.workflow = definition ?? graphWorkflow
    facts.sources.push((definition ? workflow : graph)?.source ?? '')
  }
  if (graph && graphWorkflow && facts.apiPrompt === null) {
    facts.apiPrompt = graph.value
    facts.saveNodes = invokeSaveNodes(graph.value)
    if (definition) facts.sources.push(graph.source)
  }
}

/** Sets each fact the facts do not have yet; params are merged, the earlier reader's names winning. */
function fillGaps(facts: GenerationFacts, found: Partial<GenerationFacts>): void {
  for (const field of FACT_FIELDS) {
    if (facts[field] === null && found[field] !== undefined && found[field] !== null) {
      ;(facts as Record<string, unknown>)[field] = found[field]
    }
  }
  if (facts.loras.length === 0 && found.loras) facts.loras = found.loras
  facts.params = { ...found.params, ...facts.params }
}

/**
 * A tag's JSON value. Decoded again while it is a string that is itself JSON: VideoHelperSuite's
 * `comment` holds the prompt as a JSON string, and some writers encode a prompt twice. `texts`, when
 * given, receives each JSON text read, the last being the value's own.
 */
export function decodeJson(value: unknown, source: string, problems: string[], texts?: string[]): unknown {
  let current = value
  for (let round = 0; round < 3 && typeof current === 'string'; round++) {
    const text = current.trim()
    if (round > 0 && !/^[[{"]/.test(text)) break
    const result = parseLenientJson(text)
    if (!result.ok) {
      problems.push(`${source}: not JSON (${result.error})`)
      return undefined
    }
    texts?.push(text)
    current = result.value
  }
  return current
}
