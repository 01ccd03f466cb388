import { z } from 'zod'
import type { RunSource } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { parseLenientJson } from '../../../shared/lenient-json'
import { memberSpans } from '../../comfy/json-spans'
import type { Uses } from '../library-context'
import type { CatalogRepos } from '../../db/catalog'

/** What a run starts from, resolved: its workflow, the run it repeats, and the texts to queue. */
export interface ResolvedSource {
  workflowId: string
  workflowName: string
  sourceExecutionId: string | null
  /** The API prompt exactly as the run stored it; null when none is known (then `why` says so). */
  promptText: string | null
  why: string | null
  /** The UI workflow the run came with (ComfyUI embeds it in outputs), as stored; null when unknown. */
  workflowText: string | null
  definitionId: number | null
  /** Node titles of the UI workflow, by node id. */
  titles: Map<string, string>
}

/** What a run needs of its source once it is queued (all but the form's titles): stored with its job. */
export const SourceFacts = z.object({
  workflowId: z.string(),
  workflowName: z.string(),
  sourceExecutionId: z.string().nullable(),
  promptText: z.string().nullable(),
  why: z.string().nullable(),
  workflowText: z.string().nullable(),
  definitionId: z.number().int().nullable(),
})
export type SourceFacts = z.infer<typeof SourceFacts>

const RECENT_RUNS = 50

/** What finding a run's source reads: the catalogue's workflows, runs, associations and assets. */
export type RunSourceLibrary = Uses<
  'media' | 'workflowExecutions' | 'workflowVersions' | 'workflowVideos' | 'workflows'
>
type Versions = CatalogRepos['workflowVersions']

/** Finds the run (and its prompt) a source names: the run itself, an asset's run, a workflow's newest run with a prompt. */
export async function resolveSource(lib: RunSourceLibrary, source: RunSource): Promise<ResolvedSource> {
  if ('executionId' in source) return fromExecution(lib, source.executionId)
  if ('assetId' in source) {
    if (!(await lib.catalog.repos.media.get(source.assetId)))
      throw new AppError('not_found', `No asset ${source.assetId}.`)
    const made = (await lib.catalog.repos.workflowVideos.ofAsset(source.assetId)).filter(
      (link) => link.role === 'output',
    )
    const run = made.find((link) => link.executionId !== null)
    if (run) return fromExecution(lib, run.executionId!)
    if (made[0]) return unrunnable(lib, made[0].workflowId, null, 'No run of a ComfyUI API prompt made this asset.')
    throw new AppError('not_found', `Asset ${source.assetId} was not made by a workflow Framevault knows.`)
  }
  const workflow = await lib.catalog.repos.workflows.get(source.workflowId)
  if (!workflow) throw new AppError('not_found', `No workflow with id ${source.workflowId}.`)
  const { items: runs } = await lib.catalog.repos.workflowExecutions.list(
    { workflowId: source.workflowId, statuses: null, visibleIn: null },
    RECENT_RUNS,
    0,
  )
  const versions = lib.catalog.repos.workflowVersions
  for (const run of runs) {
    if (promptOf(run.executionData) === null) continue
    if (source.version === undefined || (await runVersion(versions, run.id)) === source.version) {
      return fromExecution(lib, run.id)
    }
  }
  if (source.version !== undefined && runs.some((run) => promptOf(run.executionData) !== null)) {
    return unrunnable(lib, source.workflowId, null, `No run of version ${source.version} holds an API prompt to run.`)
  }
  return unrunnable(lib, source.workflowId, null, notRunnableWhy(workflow.format))
}

async function fromExecution(lib: RunSourceLibrary, executionId: string): Promise<ResolvedSource> {
  const run = await lib.catalog.repos.workflowExecutions.get(executionId)
  if (!run) throw new AppError('not_found', `No execution with id ${executionId}.`)
  const promptText = promptOf(run.executionData)
  const workflow = (await lib.catalog.repos.workflows.get(run.workflowId))!
  if (promptText === null) return unrunnable(lib, run.workflowId, executionId, notRunnableWhy(workflow.format))
  const definition = await definitionOf(lib.catalog.repos.workflowVersions, executionId, run.workflowId)
  return {
    workflowId: run.workflowId,
    workflowName: workflow.name,
    sourceExecutionId: executionId,
    promptText,
    why: null,
    workflowText: definition?.format === 'comfyui-ui' ? definition.definition : null,
    definitionId: definition?.id ?? null,
    titles: definition ? nodeTitles(definition.definition) : new Map(),
  }
}

async function unrunnable(
  lib: RunSourceLibrary,
  workflowId: string,
  executionId: string | null,
  why: string,
): Promise<ResolvedSource> {
  return {
    workflowId,
    workflowName: (await lib.catalog.repos.workflows.get(workflowId))?.name ?? workflowId,
    sourceExecutionId: executionId,
    promptText: null,
    why,
    workflowText: null,
    definitionId: null,
    titles: new Map(),
  }
}

function notRunnableWhy(format: string): string {
  return format === 'comfyui-ui'
    ? 'Only the UI format of this workflow is known (nodes and links); ComfyUI runs the API format that a file it made carries. Import an output of it to run it again.'
    : 'No run of this workflow holds a ComfyUI API prompt to run again.'
}

/** The workflow version (ordinal) of the definition a run came with; null when unknown. */
export async function runVersion(versions: Versions, executionId: string): Promise<number | null> {
  const kept = (await versions.ofExecution(executionId))?.definitionId
  return (kept ? (await versions.byId(kept))?.version : undefined) ?? null
}

/** The exact text of a run's `prompt` member when it is an API prompt (an object of nodes with class_type). */
export function promptOf(executionData: string | null): string | null {
  if (executionData === null) return null
  try {
    const members = memberSpans(executionData)
    const span = members.get('prompt')
    if (!span || executionData[span.start] !== '{') return null
    const text = executionData.slice(span.start, span.end)
    const parsed = parseLenientJson(text)
    if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return null
    const nodes = Object.values(parsed.value as Record<string, unknown>)
    const isNode = (node: unknown) => typeof node === 'object' && node !== null && 'class_type' in node
    return nodes.length > 0 && nodes.every(isNode) ? text : null
  } catch {
    return null
  }
}

/** The exact definition a run came with, else its workflow's first. */
async function definitionOf(versions: Versions, executionId: string, workflowId: string) {
  const kept = (await versions.ofExecution(executionId))?.definitionId
  return (kept ? await versions.byId(kept) : undefined) ?? (await versions.firstOf(workflowId, 1))
}

/** A UI workflow's node titles by id (the API prompt's node ids are the UI's). */
function nodeTitles(definition: string): Map<string, string> {
  const parsed = parseLenientJson(definition)
  const nodes = parsed.ok ? (parsed.value as { nodes?: unknown }).nodes : undefined
  const titles = new Map<string, string>()
  if (!Array.isArray(nodes)) return titles
  for (const node of nodes as Array<{ id?: unknown; title?: unknown }>) {
    if (typeof node?.title === 'string' && (typeof node.id === 'number' || typeof node.id === 'string'))
      titles.set(String(node.id), node.title)
  }
  return titles
}
