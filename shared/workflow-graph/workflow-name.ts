// A workflow's name when nobody gave it one: its own title, else what it does. Never one run's prompt:
// a workflow makes many different things, and a name taken from the first of them misleads.
import { detectFormat } from './detect-format'
import { isRecord } from './read'
import { toGraph } from './index'
import type { DetectedFormat, Graph, StoredFormat } from './types'
import { workflowPurpose } from './workflow-purpose'

/** Where a workflow's name came from: a person (or the tool that sent it), the workflow's own title, or what it does. */
export type NameOrigin = 'given' | 'title' | 'auto'

/** A name chosen for a workflow nobody named, with where it came from. */
export interface ChosenName {
  name: string
  origin: Exclude<NameOrigin, 'given'>
}

const MAX_CHARS = 200
// Names tools write when a person gave none: ComfyUI's "Unsaved Workflow", its default "workflow.json"
// and "workflow (2).json", the API export's "workflow_api", Crystools' default "workflow", a new subgraph.
// Each repeated part starts with its own character, so no text makes the match backtrack at length.
const GENERIC = /^(unsaved workflow|untitled|default|new subgraph|workflow)?([ _-]?(api|copy|\(\d+\)))*([ _-]?\d+)?$/i
const NOTES = /note|^primitive|^reroute$/i

/** A title that names something (not empty, not a tool's default), trimmed and cut to the name limit; null otherwise. */
export function meaningfulTitle(value: unknown): string | null {
  if (typeof value !== 'string') return null
  const title = value.replace(/\s+/g, ' ').trim()
  if (title === '' || GENERIC.test(title)) return null
  return title.slice(0, MAX_CHARS).trim()
}

/** A workflow file's name as a title: its stem, unless it is a tool's default ("workflow (3).json"). */
export function fileTitle(fileName: string): string | null {
  const base = fileName.split(/[\\/]/).pop() ?? ''
  return meaningfulTitle(base.replace(/\.json$/i, ''))
}

/**
 * The title a definition carries: an InvokeAI or native workflow's `name`; a ComfyUI UI workflow's
 * `extra.title` or `extra.info.name` (Crystools' project name), else, when the whole workflow is one
 * subgraph (ComfyUI's templates), that subgraph's name. Null when it carries none.
 */
export function ownTitle(definition: unknown, graph?: Graph): string | null {
  if (!isRecord(definition)) return null
  const detected = detectFormat(definition)
  if (detected === 'invokeai-workflow' || detected === 'native') return meaningfulTitle(definition.name)
  if (detected !== 'comfyui-ui') return null
  const extra = isRecord(definition.extra) ? definition.extra : {}
  const info = isRecord(extra.info) ? extra.info : {}
  const written = meaningfulTitle(extra.title) ?? meaningfulTitle(info.name)
  if (written) return written
  const working = (graph ?? toGraph(definition, 'comfyui-ui')).nodes.filter(
    (node) => node.mode === undefined && !NOTES.test(node.type) && !/^(save|preview)/i.test(node.type),
  )
  const only = working.length === 1 ? working[0] : undefined
  return only?.subgraph && only.title !== only.type ? meaningfulTitle(only.title) : null
}

/** "wan2.1_t2v_1.3B_fp16 → video": the model a graph loads and the kinds of file it saves; null when neither is known. */
export function describedName(graph: Graph, format?: DetectedFormat | StoredFormat): string | null {
  const { model, upscaler, outputs } = workflowPurpose(graph, format)
  const what = model === null ? null : upscaler ? `${model} upscale` : model
  const made = outputs.join(' + ')
  if (what !== null) return (made === '' ? what : `${what} → ${made}`).slice(0, MAX_CHARS)
  return made === '' ? null : `${made.charAt(0).toUpperCase()}${made.slice(1)} workflow`
}

/**
 * The name of a workflow nobody named: its own title, else what it does, else "Workflow <id>". A
 * described name that only says what it saves ("Video workflow") gets the id's first characters too,
 * so two such workflows can be told apart.
 */
export function automaticName(definition: unknown, format: DetectedFormat | StoredFormat, id: string): ChosenName {
  const graph = toGraph(definition, format)
  const title = ownTitle(definition, graph)
  if (title) return { name: title, origin: 'title' }
  const short = id.replace(/^sha256:/, '').slice(0, 8)
  const described = describedName(graph, format)
  if (described === null) return { name: `Workflow ${short}`, origin: 'auto' }
  return { name: described.endsWith(' workflow') ? `${described} ${short}` : described, origin: 'auto' }
}
