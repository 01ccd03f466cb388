import { z } from 'zod'
import { ComfyRunOutcome, InputValue } from '../../../shared/contract'
import type { Uses } from '../library-context'
import { parseLenientJson } from '../../../shared/lenient-json'
import { createExecution, updateExecution } from '../workflows/executions'
import { keepDefinition } from '../workflows/versions'
import type { SourceFacts } from './run-source'

const Stamp = z.string().nullable()

/** One run of a job as it goes: what it sends, and what it learnt so far (kept in its execution's data). */
export const RunState = z.object({
  executionId: z.string(),
  promptText: z.string(),
  /** The inputs this run changes from its source (the form's and the sweep's). */
  changed: z.array(InputValue),
  /**
   * The UI workflow sent along with this run's own values (run-workflow.ts): null when none is sent (the source
   * has none, or a value could not be placed in it); absent in runs stored before it was kept (the source's).
   */
  workflow: z.string().nullable().optional(),
  sweep: z.object({ index: z.number().int(), of: z.number().int() }).nullable(),
  promptId: z.string().nullable(),
  queuedAt: Stamp,
  startedAt: Stamp,
  /** When ComfyUI said the run succeeded: what comes after is Framevault's fetching and importing. */
  succeededAt: Stamp,
  finishedAt: Stamp,
  cachedNodes: z.array(z.string()),
  outputs: ComfyRunOutcome.shape.outputs,
})
export type RunState = z.infer<typeof RunState>

/** The run's execution data: its facts as JSON, the prompt spliced in as its own text (a 64-bit seed stays exact). */
function executionData(server: string, source: SourceFacts, run: RunState): string {
  const facts = JSON.stringify({
    source: 'comfy-run',
    server,
    parentExecutionId: source.sourceExecutionId,
    sweep: run.sweep,
    changed: run.changed,
    promptId: run.promptId,
    timings: {
      queuedAt: run.queuedAt,
      startedAt: run.startedAt,
      succeededAt: run.succeededAt,
      finishedAt: run.finishedAt,
    },
    cachedNodes: run.cachedNodes,
    outputs: run.outputs,
  })
  return `${facts.slice(0, -1)},"prompt":${run.promptText}}`
}

/** Records a new run, queued, before it is sent: a crash after sending still leaves its record. */
export async function recordQueuedRun(
  lib: Uses<'workflowExecutions' | 'workflows' | 'workflowVersions'>,
  server: string,
  source: SourceFacts,
  run: RunState,
): Promise<void> {
  await createExecution(lib, {
    workflowId: source.workflowId,
    id: run.executionId,
    status: 'queued',
    executionData: executionData(server, source, run),
  })
  const definitionId = await runDefinition(lib, source, run)
  if (definitionId !== null) await lib.catalog.repos.workflowExecutions.setDefinition(run.executionId, definitionId)
}

/** The definition a run came with: its own workflow kept as one of its workflow's (issue 37 point 1), else the source's. */
async function runDefinition(
  lib: Uses<'workflows' | 'workflowVersions'>,
  source: SourceFacts,
  run: RunState,
): Promise<number | null> {
  if (run.workflow === undefined || run.workflow === source.workflowText) return source.definitionId
  if (run.workflow === null) return null
  const value = parseLenientJson(run.workflow)
  if (!value.ok) return null
  const given = { text: run.workflow, value: value.value, format: 'comfyui-ui' as const }
  const now = new Date().toISOString()
  return (await lib.catalog.transaction((repos) => keepDefinition(repos, source.workflowId, given, now))).id
}

/** Stores what the run learnt, and moves it on when `status` is given (an error's words with it). */
export async function recordRun(
  lib: Uses<'workflowExecutions' | 'workflows'>,
  server: string,
  source: SourceFacts,
  run: RunState,
  status?: 'running' | 'completed' | 'failed' | 'cancelled',
  error?: string,
): Promise<void> {
  const current = (await lib.catalog.repos.workflowExecutions.get(run.executionId))?.status
  // A run whose start the socket never told (it ended before we listened) still ran before it completed.
  if (status === 'completed' && current === 'queued') await updateExecution(lib, run.executionId, { status: 'running' })
  const moves = status !== undefined && status !== current
  await updateExecution(lib, run.executionId, {
    ...(moves ? { status } : {}),
    ...(moves && status === 'running' && run.startedAt ? { startedAt: run.startedAt } : {}),
    executionData: executionData(server, source, run),
    ...(error === undefined ? {} : { error }),
  })
}
