import type { ComfyRunOutcome, InputValue } from '../../../shared/contract'
import type { Library } from '../../library/library'
import { createExecution, updateExecution } from '../workflows/executions'
import type { ResolvedSource } from './run-source'

/** One run of a job as it goes: what it sends, and what it learnt so far (kept in its execution's data). */
export interface RunState {
  executionId: string
  promptText: string
  /** The inputs this run changes from its source (the form's and the sweep's). */
  changed: InputValue[]
  sweep: { index: number; of: number } | null
  promptId: string | null
  queuedAt: string | null
  startedAt: string | null
  /** When ComfyUI said the run succeeded: what comes after is Framevault's fetching and importing. */
  succeededAt: string | null
  finishedAt: string | null
  cachedNodes: string[]
  outputs: ComfyRunOutcome['outputs']
}

/** The run's execution data: its facts as JSON, the prompt spliced in as its own text (a 64-bit seed stays exact). */
function executionData(server: string, source: ResolvedSource, run: RunState): string {
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
export function recordQueuedRun(lib: Library, server: string, source: ResolvedSource, run: RunState): void {
  createExecution(lib, {
    workflowId: source.workflowId,
    id: run.executionId,
    status: 'queued',
    executionData: executionData(server, source, run),
  })
  if (source.definitionId !== null) lib.repos.workflowExecutions.setDefinition(run.executionId, source.definitionId)
}

/** Stores what the run learnt, and moves it on when `status` is given (an error's words with it). */
export function recordRun(
  lib: Library,
  server: string,
  source: ResolvedSource,
  run: RunState,
  status?: 'running' | 'completed' | 'failed' | 'cancelled',
  error?: string,
): void {
  const current = lib.repos.workflowExecutions.get(run.executionId)?.status
  // A run whose start the socket never told (it ended before we listened) still ran before it completed.
  if (status === 'completed' && current === 'queued') updateExecution(lib, run.executionId, { status: 'running' })
  const moves = status !== undefined && status !== current
  updateExecution(lib, run.executionId, {
    ...(moves ? { status } : {}),
    ...(moves && status === 'running' && run.startedAt ? { startedAt: run.startedAt } : {}),
    executionData: executionData(server, source, run),
    ...(error === undefined ? {} : { error }),
  })
}
