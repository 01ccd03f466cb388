import type { WorkflowFormat } from '../../../shared/contract'
import { flattenGraph, toGraph, type FlatGraph, type GraphNode } from '../../../shared/workflow-graph/index'
import { exactSeed } from '../../generation/exact-seed'

/** A workflow's seed and positive prompt, each null when it sets none. */
export interface SeedAndPrompt {
  seed: string | null
  prompt: string | null
}

// Samplers name their seed one of these (KSampler, KSamplerAdvanced and most node packs' samplers).
const SEED_NAMES = ['seed', 'noise_seed']

/**
 * The seed and positive prompt a workflow's definition sets: the first node with a seed, and the text its `positive`
 * input comes from (through conditioning nodes that pass a positive on, as Wan's and LTX's do), else the first text
 * encoder that feeds no `negative` input. Null when it sets neither, or is unreadable.
 */
export function definitionSeedAndPrompt(text: string, format: WorkflowFormat): SeedAndPrompt | null {
  let flat: FlatGraph
  try {
    flat = flattenGraph(toGraph(JSON.parse(text), format))
  } catch {
    return null
  }
  const seeded = [...flat.nodes].find(([, node]) => SEED_NAMES.some((name) => isSeed(node.parameters[name])))
  const seedValue = seeded && SEED_NAMES.map((name) => seeded[1].parameters[name]).find(isSeed)
  const negatives = new Set(
    flat.links
      .filter((link) => link.to.input === 'negative')
      .flatMap((link) => textNodesUp(flat, link.from.node, 'negative')),
  )
  const prompt =
    (seeded && textOf(flat.nodes.get(textNodesUp(flat, seeded[0], 'positive', true)[0] ?? ''))) ??
    [...flat.nodes]
      .filter(([id, node]) => /TextEncode/i.test(node.type) && !negatives.has(id))
      .map(([, node]) => textOf(node))
      .find((found) => found !== null) ??
    null
  const seed = seedValue === undefined ? null : String(exactSeed(seedValue, [text]))
  return seed === null && prompt === null ? null : { seed, prompt }
}

// How many conditioning nodes a prompt may pass through on its way to the sampler.
const MAX_HOPS = 8

/**
 * The nodes with a text up the chain of `input` from node `id` (itself first, unless `skipSelf`): each step follows the
 * link into the current node's `input`, as conditioning nodes take a positive and a negative and pass each on.
 */
function textNodesUp(flat: FlatGraph, id: string, input: string, skipSelf = false): string[] {
  let current: string | undefined = id
  for (let hop = 0; current !== undefined && hop < MAX_HOPS; hop++) {
    if ((hop > 0 || !skipSelf) && textOf(flat.nodes.get(current)) !== null) return [current]
    const from: string | undefined = flat.links.find((link) => link.to.node === current && link.to.input === input)
      ?.from.node
    current = from
  }
  return []
}
const isSeed = (value: unknown): value is number | string =>
  (typeof value === 'number' && Number.isInteger(value)) || (typeof value === 'string' && /^\d+$/.test(value))

function textOf(node: GraphNode | undefined): string | null {
  const text = node?.parameters.text
  return typeof text === 'string' && text.trim() !== '' ? text : null
}
