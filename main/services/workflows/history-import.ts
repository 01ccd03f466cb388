import path from 'node:path'
import { HistoryImportJob, type HistoryImportResult, type JobOf, type WorkflowFormat } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { outputFile, readComfyHistory, type HistoryExecution } from '../../generation/comfy-history'
import { parseLenientJson } from '../../../shared/lenient-json'
import type { Library, Uses } from '../library-context'
import { jobHandler, type JobContext } from '../../jobs/job-handler'
import { configHash } from '../../hashing/canonical-json'
import { importAndWait } from '../assets/imports'
import { createExecution } from './executions'
import { associateVideo, upsertWorkflow } from './workflows'
import { readLinkedText, statLinked } from '../../storage/linked-files'

// A year of a busy ComfyUI's history is tens of MB; beyond this it is not a history file.
const MAX_HISTORY_BYTES = 512 * 1024 * 1024
const MAX_PROBLEMS = 50

/** An execution filed under its workflow, and the saved files it wrote that are there to import. */
interface Filed {
  run: HistoryExecution
  workflowId: string
  files: Array<{ file: string; nodeId: string }>
}

/**
 * Starts a ComfyUI history import as a job: each prompt id becomes an execution of its workflow
 * (the UI workflow the page sent along, else the API prompt itself), its saved outputs under
 * `outputDir` are imported in one import job, and each asset is associated with its node and run.
 * Previews (type temp) are counted, not imported: ComfyUI deletes them at its next start. Running
 * it again adds nothing twice: executions are keyed by prompt id, files by content.
 */
export async function startHistoryImport(
  lib: Pick<Library, 'jobs' | 'pathGate'>,
  request: { historyPath: string; outputDir: string },
): Promise<JobOf<'history-import'>> {
  lib.pathGate.check([request.historyPath, request.outputDir], 'open')
  return lib.jobs.start('history-import', request, { title: `ComfyUI history ${path.basename(request.historyPath)}` })
}

/** The history import's handler: its parameters are the two paths, checked against the path gate again where it runs. */
export const historyImportHandler = jobHandler({
  kind: 'history-import',
  params: HistoryImportJob.shape.params,
  result: HistoryImportJob.shape.result.unwrap(),
  retryable: false,
  runs: 'starter',
  rerunnable: false,
  run: importHistory,
})

async function importHistory(
  lib: Pick<Library, 'actor' | 'catalog' | 'importer' | 'pathGate'>,
  request: { historyPath: string; outputDir: string },
  { signal, progress }: JobContext<HistoryImportResult>,
): Promise<HistoryImportResult> {
  lib.pathGate.check([request.historyPath, request.outputDir], 'open')
  progress(0, 'reading the history')
  const { executions, problems } = readComfyHistory(await readHistory(request.historyPath))
  const result: HistoryImportResult = {
    executions: executions.length,
    created: 0,
    workflows: 0,
    files: { imported: 0, duplicates: 0, missing: 0, failed: 0, previews: 0 },
    problems,
  }
  const filed = await fileExecutions(lib, executions, request.outputDir, result)
  signal.throwIfAborted()
  progress(0.1, 'importing the outputs')
  const assets = await importOutputs(lib, filed, signal, result)
  for (const { run, workflowId, files } of filed) {
    for (const { file, nodeId } of files) {
      const videoId = assets.get(file)
      if (!videoId) continue
      const nodeType = nodeTypeOf(run, nodeId)
      await associateVideo(lib, { workflowId, videoId, nodeId, nodeType, role: 'output', executionId: run.promptId })
    }
    // The file's own tags filed it under a run keyed by its prompt; this run, keyed by the prompt id, replaces it.
    if (run.apiPrompt) {
      await lib.catalog.repos.workflowExecutions.deleteUnused(
        configHash({ workflow: workflowId, prompt: run.apiPrompt }),
      )
    }
  }
  result.problems = result.problems.slice(0, MAX_PROBLEMS)
  return result
}

async function readHistory(file: string): Promise<unknown> {
  const size = (await statLinked(file)).size
  if (size > MAX_HISTORY_BYTES) throw new AppError('validation', `${file} is too large to be a ComfyUI history.`)
  const parsed = parseLenientJson(await readLinkedText(file))
  if (!parsed.ok) throw new AppError('validation', `${file} is not JSON: ${parsed.error}`)
  return parsed.value
}

/** Upserts each run's workflow and execution, and finds the saved files it wrote. */
async function fileExecutions(
  lib: Uses<'workflowExecutions' | 'workflows' | 'workflowVersions'>,
  executions: HistoryExecution[],
  outputDir: string,
  result: HistoryImportResult,
): Promise<Filed[]> {
  const workflows = new Set<string>()
  const filed: Filed[] = []
  for (const run of executions) {
    const found = workflowOf(run)
    if (!found) {
      result.problems.push(`${run.promptId}: neither a prompt nor a workflow to file it under.`)
      continue
    }
    const { workflow, definitionId } = await upsertWorkflow(
      lib,
      found.definition,
      found.format,
      'comfyui-history',
      found.id,
    )
    workflows.add(workflow.id)
    const runs = lib.catalog.repos.workflowExecutions
    if (!(await runs.get(run.promptId))) {
      await createExecution(lib, {
        id: run.promptId,
        workflowId: workflow.id,
        status: run.status,
        startedAt: run.startedAt ?? undefined,
        completedAt: run.completedAt ?? undefined,
        executionData: JSON.stringify({
          source: 'comfyui-history',
          number: run.number,
          prompt: run.apiPrompt,
          cachedNodes: run.cachedNodes,
          error: run.error,
        }),
        error: run.error ? errorText(run.error) : undefined,
      })
      result.created += 1
    }
    // The run's own definition: its files, associated with the run below, come with it too.
    await runs.setDefinition(run.promptId, definitionId)
    filed.push({ run, workflowId: workflow.id, files: await savedFiles(run, outputDir, result) })
  }
  result.workflows = workflows.size
  return filed
}

function workflowOf(run: HistoryExecution): { format: WorkflowFormat; definition: unknown; id?: string } | null {
  if (run.workflow) {
    const id = typeof run.workflow.id === 'string' && run.workflow.id !== '' ? run.workflow.id : undefined
    return { format: 'comfyui-ui', definition: run.workflow, id }
  }
  return run.apiPrompt ? { format: 'comfyui-api', definition: run.apiPrompt } : null
}

function errorText(error: NonNullable<HistoryExecution['error']>): string {
  const where = error.nodeId ? ` (node ${error.nodeId}${error.nodeType ? `, ${error.nodeType}` : ''})` : ''
  return `${error.message}${where}`
}

async function savedFiles(
  run: HistoryExecution,
  outputDir: string,
  result: HistoryImportResult,
): Promise<Filed['files']> {
  const files: Filed['files'] = []
  for (const output of run.outputs) {
    if (output.type !== 'output') {
      result.files.previews += 1
      continue
    }
    const file = outputFile(outputDir, output)
    if (!file) {
      result.problems.push(`${run.promptId}: ${output.subfolder}/${output.filename} leads out of the output folder.`)
      continue
    }
    const there = await statLinked(file).then(
      (info) => info.isFile(),
      () => false,
    )
    if (there) files.push({ file, nodeId: output.nodeId })
    else result.files.missing += 1
  }
  return files
}

/** Imports every saved output in one import job; the asset of each file (new or the one it duplicates). */
async function importOutputs(
  lib: Pick<Library, 'actor' | 'importer' | 'catalog' | 'pathGate'>,
  filed: Filed[],
  signal: AbortSignal,
  result: HistoryImportResult,
): Promise<Map<string, string>> {
  const paths = [...new Set(filed.flatMap((run) => run.files.map(({ file }) => file)))]
  const assets = new Map<string, string>()
  if (paths.length === 0) return assets
  const permits = lib.pathGate.permits
  const { items } = await importAndWait(
    lib,
    { source: 'paths', paths, link: false, importedBy: lib.actor, permits },
    signal,
  )
  signal.throwIfAborted()
  for (const item of items) {
    if (item.outcome === 'failed') {
      result.files.failed += 1
      result.problems.push(`${item.path}: ${item.reason ?? 'not imported'}`)
      continue
    }
    if (!item.asset) continue
    if (item.outcome === 'imported') result.files.imported += 1
    else result.files.duplicates += 1
    assets.set(item.path, item.asset.id)
  }
  return assets
}

function nodeTypeOf(run: HistoryExecution, nodeId: string): string | null {
  const node = run.apiPrompt?.[nodeId]
  const type = typeof node === 'object' && node !== null ? (node as { class_type?: unknown }).class_type : undefined
  return typeof type === 'string' ? type : null
}
