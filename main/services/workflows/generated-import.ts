import path from 'node:path'
import type {
  GeneratedDetails,
  GeneratedImportResult,
  GeneratedWorkflow,
  ImportJob,
  NodeRole,
  WorkflowFormat,
} from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { detectFormat, storedFormat, toGraph, type Graph, type GraphNode } from '../../../shared/workflow-graph'
import type { CatalogRepos } from '../../db/catalog'
import type { GenerationRow } from '../../db/repos/video-generation'
import type { ImportRequest } from '../../ingest/import-request'
import type { Library, Uses } from '../library-context'
import { mediaTypeOf } from '../../media/media-types'
import { configHash } from '../../hashing/canonical-json'
import { importAndWait } from '../assets/imports'
import { generationRow } from './generation'
import { recordCompletedRun, type GenerationStores } from './import-generation'
import { parseJsonText } from './values'
import { putWorkflow } from './put-workflow'
import { statLinked } from '../../storage/linked-files'

/** What `media:import-generated` receives (parsed by its contract). */
export interface GeneratedImport {
  path?: string
  upload?: { uploadId: string; name: string }
  generation?: GeneratedDetails
  workflow?: GeneratedWorkflow
  nodeId?: string
  role: NodeRole
  executionId?: string
}

/** The workflow side of a request, checked: a new or known definition, the node, the run. */
interface CheckedWorkflow {
  id: string | undefined
  definition: { value: unknown; text: string; format: WorkflowFormat } | null
  name: string | undefined
  node: { id: string; type: string | null }
}

// Where a workflow row first came from, next to the importer's 'import'.
const SOURCE = 'generator'

/**
 * Imports one file with its generation details and workflow association in one call. The request is
 * checked whole before the import starts (file, workflow JSON, node, run), so a refusal imports and
 * writes nothing; the details and association are written together once the file is in. A file the
 * library holds already (duplicate) gets them too.
 */
export async function importGenerated(
  lib: Pick<Library, 'actor' | 'catalog' | 'importer' | 'pathGate' | 'uploads'>,
  input: GeneratedImport,
): Promise<GeneratedImportResult> {
  if ((input.path === undefined) === (input.upload === undefined)) {
    throw new AppError('validation', 'Give the file to import as either `path` or `upload`, not both.')
  }
  const details = input.generation === undefined ? null : generationRow('', input.generation)
  const workflow = await checkWorkflow(lib, input)
  if (input.path !== undefined) await checkFile(lib, input.path)
  else if (!mediaTypeOf(input.upload!.name)) throw unsupported(input.upload!.name)

  const request: ImportRequest | (() => Promise<ImportJob>) =
    input.path !== undefined
      ? { source: 'paths', paths: [input.path], link: false, importedBy: lib.actor, permits: lib.pathGate.permits }
      : () =>
          lib.uploads.claim([input.upload!], (uploads) =>
            lib.importer.start({ source: 'upload', uploads, importedBy: lib.actor }),
          )
  const { job, items } = await importAndWait(lib, request)
  const item = items[0]
  if (!item || item.outcome === 'failed' || !item.asset) {
    const why = item?.reason ?? job.error ?? `the import ended ${job.state}`
    throw new AppError('validation', `The file was not imported: ${why}.`, { jobId: job.id })
  }
  const assetId = item.asset.id
  const written = await lib.catalog.transaction((repos) => record(repos, assetId, details, workflow, input))
  return { assetId, outcome: item.outcome, jobId: job.id, ...written }
}

/**
 * Writes the details and the association for the imported asset inside one transaction, through the catalogue's
 * repos of that transaction (its media repo too: the catalogue's own would wait for the transaction).
 */
async function record(
  stores: GenerationStores & Pick<CatalogRepos, 'media'>,
  assetId: string,
  details: GenerationRow | null,
  workflow: CheckedWorkflow | null,
  input: GeneratedImport,
): Promise<Omit<GeneratedImportResult, 'assetId' | 'outcome' | 'jobId'>> {
  if (!(await stores.media.get(assetId))) {
    throw new AppError('not_found', `Asset ${assetId} was deleted before its details could be stored.`)
  }
  const now = new Date().toISOString()
  if (details) await stores.generation.put({ ...details, videoId: assetId })
  if (!workflow) return { workflowId: null, nodeId: null, nodeType: null, executionId: null, executionCreated: false }
  const put = workflow.definition
    ? await putWorkflow(stores, {
        definition: workflow.definition.value,
        text: workflow.definition.text,
        format: workflow.definition.format,
        source: SOURCE,
        id: workflow.id,
        name: workflow.name,
        now,
      })
    : undefined
  const workflowId = put?.id ?? workflow.id!
  const definitionId = put?.kept.id ?? null
  const executionId = input.executionId ?? null
  let executionCreated = false
  const known = executionId === null ? undefined : await stores.workflowExecutions.get(executionId)
  // Checked before the import too; again here, as another process may have recorded the run since.
  if (known && known.workflowId !== workflowId) throw otherRun(executionId!, known.workflowId, workflowId)
  if (executionId !== null && !known) {
    // A run the generator names but the library has not seen: it made this file, so it ran and finished.
    const at = details?.completedAt ?? details?.createdAt ?? now
    await recordCompletedRun(stores, {
      id: executionId,
      workflowId,
      at,
      data: { source: SOURCE },
      importedAt: now,
      definitionId,
    })
    executionCreated = true
  }
  await stores.workflowVideos.upsert({
    workflowId,
    videoId: assetId,
    nodeId: workflow.node.id,
    nodeType: workflow.node.type,
    role: input.role,
    executionId,
    createdAt: now,
    definitionId,
  })
  return { workflowId, nodeId: workflow.node.id, nodeType: workflow.node.type, executionId, executionCreated }
}

/** Checks the workflow, node and run of a request before anything is imported; null when it names none. */
async function checkWorkflow(
  lib: Uses<'workflowExecutions' | 'workflows'>,
  input: GeneratedImport,
): Promise<CheckedWorkflow | null> {
  const given = input.workflow
  if (!given) {
    if (input.nodeId !== undefined || input.executionId !== undefined) {
      throw new AppError('validation', 'A node or an execution belongs to a workflow: give the workflow too.')
    }
    return null
  }
  if (input.nodeId === undefined) {
    throw new AppError('validation', 'Name the node of the workflow that made the file (`nodeId`).')
  }
  let graph: Graph
  let definition: CheckedWorkflow['definition'] = null
  if (given.definition !== undefined) {
    const value = parseJsonText(given.definition, 'The workflow JSON', true)
    const detected = detectFormat(value)
    if (!given.format && !detected) {
      throw new AppError(
        'validation',
        'The workflow JSON is not a ComfyUI (UI or API), InvokeAI or native workflow; give its `format` if it is one.',
      )
    }
    const format = given.format ?? storedFormat(detected!)
    definition = { value, text: given.definition, format }
    graph = toGraph(value, format)
  } else if (given.id !== undefined) {
    const row = await lib.catalog.repos.workflows.get(given.id)
    if (!row) throw new AppError('not_found', `No workflow with id ${given.id}: send its JSON as \`definition\`.`)
    graph = toGraph(parseJsonText(row.definition, 'The stored workflow'), row.format)
  } else {
    throw new AppError('validation', 'The workflow needs its JSON (`definition`) or the id of a stored one.')
  }
  const node = findNode(graph.nodes, input.nodeId)
  if (!node) throw missingNode(input.nodeId, graph)
  const workflowId = given.id ?? null
  if (input.executionId !== undefined) await checkExecution(lib, input.executionId, workflowId, definition)
  return { id: given.id, definition, name: given.name, node: { id: input.nodeId, type: node.type } }
}

/** A known run must be a run of this workflow (whose id, for a new definition without one, is its hash). */
async function checkExecution(
  lib: Uses<'workflowExecutions'>,
  executionId: string,
  workflowId: string | null,
  definition: CheckedWorkflow['definition'],
): Promise<void> {
  const execution = await lib.catalog.repos.workflowExecutions.get(executionId)
  if (!execution) return
  const expected = workflowId ?? configHash(definition!.value)
  if (execution.workflowId !== expected) throw otherRun(executionId, execution.workflowId, expected)
}

function otherRun(executionId: string, actual: string, expected: string): AppError {
  return new AppError('validation', `Execution ${executionId} is a run of workflow ${actual}, not of ${expected}.`)
}

/** The node with this id; ComfyUI names a node inside a subgraph instance "<instance>:<inner>". */
function findNode(nodes: GraphNode[], id: string): GraphNode | undefined {
  const direct = nodes.find((node) => node.id === id)
  if (direct) return direct
  const colon = id.indexOf(':')
  if (colon < 0) return undefined
  const outer = nodes.find((node) => node.id === id.slice(0, colon))
  return outer?.subgraph ? findNode(outer.subgraph.nodes, id.slice(colon + 1)) : undefined
}

function missingNode(id: string, graph: Graph): AppError {
  if (graph.nodes.length === 0) {
    const why = graph.problems.length > 0 ? ` (${graph.problems.slice(0, 3).join('; ')})` : ''
    return new AppError('validation', `Node ${id} is not in the workflow: no nodes could be read from it${why}.`)
  }
  const some = graph.nodes.slice(0, 20).map((node) => `${node.id} (${node.type})`)
  const more = graph.nodes.length > some.length ? `, … ${graph.nodes.length - some.length} more` : ''
  return new AppError('validation', `Node ${id} is not in the workflow; its nodes are ${some.join(', ')}${more}.`, {
    nodeId: id,
  })
}

/** The file must exist, be one file (not a folder), be allowed to this host, and be of a kind Framevault imports. */
async function checkFile(lib: Pick<Library, 'pathGate'>, file: string): Promise<void> {
  lib.pathGate.check([file])
  const found = await statLinked(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') throw new AppError('not_found', `No file at ${file}.`)
    throw new AppError('io', `Cannot read ${file}: ${error.message}`)
  })
  if (!found.isFile()) throw new AppError('validation', `${file} is not a file; this imports one file at a time.`)
  if (!mediaTypeOf(path.basename(file))) throw unsupported(file)
}

function unsupported(file: string): AppError {
  return new AppError(
    'validation',
    `${path.basename(file)} is not a kind of file Framevault imports (videos, images and sound by their extension).`,
  )
}
