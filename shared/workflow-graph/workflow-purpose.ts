// What a workflow does, read from its graph: the model it loads and the kind of file it saves. A
// workflow's name falls back on this (workflow-name.ts), so it must never depend on one run's values.
import { isRecord } from './read'
import { flattenGraph, type FlatGraph } from './shape'
import type { Graph, GraphNode } from './types'

/** The kinds of file a workflow saves, in the order a name lists them. */
export const OUTPUT_KINDS = ['video', 'image', 'audio', '3D model', 'latent'] as const
export type OutputKind = (typeof OUTPUT_KINDS)[number]

/** The model a workflow loads (its file name without folder and extension) and the kinds of file it saves. */
export interface WorkflowPurpose {
  model: string | null
  /** The model is an upscaler (no generating model was found). */
  upscaler: boolean
  outputs: OutputKind[]
}

// Model files as ComfyUI's folders hold them; InvokeAI names models without an extension.
const MODEL_FILE = /\.(safetensors|ckpt|pt|pth|bin|gguf|sft|onnx|pkl)$/i
// Loaders of what is not the generating model: text encoders, VAEs, LoRAs, control and helper models.
const HELPER =
  /lora|clip|vae|control|ip.?adapter|style|vision|t5|text.?encoder|embedding|tokenizer|sam\d?|yolo|bbox|segm|detector|face|insight|pulid|audio.?encoder|upscale/i
const UPSCALER = /upscale/i
const REFINER = /refiner/i
const MODEL_KEYS = ['ckpt_name', 'unet_name', 'model_name', 'model', 'model_path']
// Nodes that show without saving: counted only when a workflow has no saving node at all.
const PREVIEW = /^preview/i

/** What a workflow definition does; `format` as `toGraph` takes it ('invokeai' graphs make images). */
export function workflowPurpose(graph: Graph, format?: string): WorkflowPurpose {
  const flat = flattenGraph(graph)
  const working = [...flat.nodes].filter(([, node]) => node.mode === undefined)
  const invoke = format === 'invokeai' || format?.startsWith('invokeai-')
  const saves = working.filter(([, node]) => !PREVIEW.test(node.type) && outputKind(node) !== null)
  const shown = saves.length > 0 ? saves : working.filter(([, node]) => outputKind(node) !== null)
  const outputs = invoke && working.length > 0 ? ['image' as const] : kindsOf(shown.map(([, node]) => node))
  const loaders = working.filter(([, node]) => /loader/i.test(node.type) && modelOf(node) !== null)
  // SDXL's refiner runs last, nearest the save node, but the base model is what makes the picture.
  const generating = loaders.filter(([, node]) => !HELPER.test(node.type))
  const main = generating.filter(([, node]) => !REFINER.test(modelOf(node)!))
  if (main.length === 0) main.push(...generating)
  const upscalers = loaders.filter(([, node]) => UPSCALER.test(node.type))
  const start = shown[0]?.[0]
  const chosen =
    nearestUpstream(flat, start, main) ?? main[0] ?? nearestUpstream(flat, start, upscalers) ?? upscalers[0]
  return {
    model: chosen ? modelOf(chosen[1]) : null,
    upscaler: chosen !== undefined && main.length === 0,
    outputs,
  }
}

/** The kind of file a node saves (or shows), by its type and, for generic savers, the words of its format; null for other nodes. */
export function outputKind(node: GraphNode): OutputKind | null {
  const type = node.type
  // VideoHelperSuite's combine writes a video or an animated image (GIF, WebP): a clip either way.
  if (/videocombine|^save(video|webm|animated)/i.test(type)) return 'video'
  if (!/save|preview|combine|export|writer|output/i.test(type) || /^load|loader|^l2i$/i.test(type)) return null
  const format = typeof node.parameters.format === 'string' ? node.parameters.format : ''
  const words = `${type} ${format}`
  if (/video|webm|mp4|gif|animat|movie/i.test(words)) return 'video'
  if (/audio|mp3|flac|wav|opus|sound|speech/i.test(words)) return 'audio'
  if (/glb|3d|mesh|splat|\bply\b/i.test(words)) return '3D model'
  if (/latent/i.test(words)) return 'latent'
  if (/image|png|jpe?g|webp|img|picture|photo/i.test(words)) return 'image'
  return null
}

/** The model file a loader node names, without folders and extension; null when it names none. */
export function modelOf(node: GraphNode): string | null {
  const named = MODEL_KEYS.map((key) => modelText(node.parameters[key])).find((value) => value !== null)
  const found =
    named ??
    Object.values(node.parameters)
      .map(modelText)
      .find((value) => value !== null && MODEL_FILE.test(value))
  if (!found) return null
  const base = found.split(/[\\/]/).pop() ?? found
  const bare = base.replace(MODEL_FILE, '').trim()
  return bare === '' || bare.toLowerCase() === 'none' ? null : bare
}

/** A model's name from a widget value: a file name, or InvokeAI's `{ name }`. */
function modelText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim()
  return isRecord(value) && typeof value.name === 'string' && value.name.trim() !== '' ? value.name.trim() : null
}

function kindsOf(nodes: GraphNode[]): OutputKind[] {
  const kinds = new Set(nodes.map(outputKind))
  return OUTPUT_KINDS.filter((kind) => kinds.has(kind))
}

type Entry = [string, GraphNode]

/**
 * The candidate nearest upstream of `start` over the links (breadth first). A subgraph instance leads
 * to its output boundary ("<id>:-20") and an input boundary ("<id>:-10") back to its instance.
 */
function nearestUpstream(flat: FlatGraph, start: string | undefined, candidates: Entry[]): Entry | undefined {
  if (start === undefined || candidates.length === 0) return undefined
  const wanted = new Map(candidates)
  const feeding = new Map<string, string[]>()
  for (const link of flat.links) {
    const list = feeding.get(link.to.node) ?? []
    list.push(link.from.node)
    feeding.set(link.to.node, list)
  }
  const seen = new Set([start])
  let level = [start]
  while (level.length > 0) {
    const next: string[] = []
    for (const id of level) {
      const from = [...(feeding.get(id) ?? [])]
      if (flat.nodes.get(id)?.subgraph) from.push(`${id}:-20`)
      if (id.endsWith(':-10')) from.push(id.slice(0, -4))
      for (const source of from) {
        if (seen.has(source)) continue
        const hit = wanted.get(source)
        if (hit) return [source, hit]
        seen.add(source)
        next.push(source)
      }
    }
    level = next
  }
  return undefined
}
