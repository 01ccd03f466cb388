import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { ComfyRunJob } from '../../../shared/contract'
import type { ComfyRunOutcome, InputValue, JobOf, RunForm, RunRequest, RunSource } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { comfyBase } from '../../comfy/comfy-url'
import type { Library, Uses } from '../library-context'
import type { RunLibrary } from './run-outputs'
import { comfyServer, requireComfyServer } from './comfy-server'
import { followOneRun, type RunPatience, type RunTarget } from './follow-one'
import { promptInputs, randomSeed, withValues } from './prompt-inputs'
import { jobHandler } from '../../jobs/job-handler'
import { recordQueuedRun, RunState } from './run-record'
import { resolveSource, SourceFacts, type RunSourceLibrary } from './run-source'
import { runWorkflow } from './run-workflow'

/** The inputs a run from this source would have, prefilled from it (or why it cannot run). */
export async function runForm(
  lib: RunSourceLibrary & Uses<'editVersions' | 'meta'>,
  source: RunSource,
): Promise<RunForm> {
  const resolved = await resolveSource(lib, source)
  return {
    workflowId: resolved.workflowId,
    workflowName: resolved.workflowName,
    sourceExecutionId: resolved.sourceExecutionId,
    notRunnable: resolved.why,
    inputs: resolved.promptText === null ? [] : promptInputs(resolved.promptText, resolved.titles),
    server: (await comfyServer(lib)).address,
  }
}

/**
 * Queues a run (or a sweep's runs, siblings of one source) on the user's ComfyUI as one job. Every run's
 * execution is recorded, queued, before anything is sent; the job follows them all at once and ends
 * when the last has ended, each with its outcome.
 */
export async function startComfyRun(
  lib: Pick<Library, 'catalog' | 'jobs'>,
  request: RunRequest,
  patience: RunPatience = {},
): Promise<{ job: JobOf<'comfy-run'>; executionIds: string[] }> {
  const server = request.server === undefined ? await requireComfyServer(lib) : comfyBase(request.server).href
  const source = await resolveSource(lib, request.from)
  if (source.promptText === null) throw new AppError('validation', source.why ?? 'Nothing to run.')
  const runs = sweepRuns(source.promptText, request).map((run, index, all): RunState => ({
    executionId: randomUUID(),
    promptText: run.promptText,
    changed: run.changed,
    workflow: source.workflowText === null ? null : runWorkflow(source.workflowText, source.promptText!, run.changed),
    sweep: all.length > 1 ? { index: index + 1, of: all.length } : null,
    promptId: null,
    queuedAt: new Date().toISOString(),
    startedAt: null,
    succeededAt: null,
    finishedAt: null,
    cachedNodes: [],
    outputs: [],
  }))
  for (const run of runs) await recordQueuedRun(lib, server, source, run)
  const executionIds = runs.map((run) => run.executionId)
  const params: ComfyJobParams = {
    server,
    workflowId: source.workflowId,
    sourceExecutionId: source.sourceExecutionId,
    executionIds,
    // The schema keeps what a run needs of its source (the form's titles stay behind).
    source: SourceFacts.parse(source),
    runs,
    patience,
  }
  const title = `Run of ${source.workflowName}${runs.length > 1 ? ` (${runs.length} runs)` : ''}`
  // However the job ends, the runs it leaves unfinished end with it: linked before it can run.
  const job = await lib.jobs.start('comfy-run', params, {
    title,
    stored: (jobId) => lib.catalog.repos.workflowExecutions.setJob(executionIds, jobId),
  })
  return { job, executionIds }
}

// Each run's prompt and state, and what the runs need of their source, ride with the job.
const ComfyJobParams = ComfyRunJob.shape.params.extend({
  source: SourceFacts,
  runs: z.array(RunState),
  patience: z.object({ giveUpMs: z.number().optional() }),
})
type ComfyJobParams = z.infer<typeof ComfyJobParams>

/** The ComfyUI run's handler: it follows the stored runs on the stored server. */
export const comfyRunHandler = jobHandler({
  kind: 'comfy-run',
  params: ComfyJobParams,
  result: ComfyRunJob.shape.result.unwrap(),
  retryable: false,
  // It talks to a ComfyUI server its starter reaches.
  runs: 'starter',
  rerunnable: false,
  run: (lib: RunLibrary, { server, source, patience, runs }, { signal, progress, keep }) =>
    runAll(lib, { server, source, patience }, runs, signal, progress, keep),
})

async function runAll(
  lib: RunLibrary,
  target: RunTarget,
  runs: RunState[],
  signal: AbortSignal,
  progress: (fraction: number, doing?: string) => void,
  keep: (result: { runs: ComfyRunOutcome[] }) => void,
): Promise<{ runs: ComfyRunOutcome[] }> {
  const fractions = runs.map(() => 0)
  const report = (index: number) => (fraction: number, doing: string) => {
    fractions[index] = fraction
    const label = runs.length > 1 ? `Run ${index + 1} of ${runs.length}: ${doing}` : doing
    progress(fractions.reduce((sum, one) => sum + one, 0) / runs.length, label)
  }
  const outcomes: ComfyRunOutcome[] = []
  keep({ runs: outcomes })
  await Promise.all(
    runs.map(async (run, index) => {
      outcomes[index] = await followOneRun(lib, target, run, signal, report(index))
    }),
  )
  const failed = outcomes.filter((outcome) => outcome.status === 'failed')
  if (failed.length === outcomes.length) throw new AppError('conflict', failed[0]!.error ?? 'The run failed.')
  return { runs: outcomes }
}

/** The prompt of each run: the form's values set, then each sweep value (or new seeds) on top. */
function sweepRuns(promptText: string, request: RunRequest): Array<{ promptText: string; changed: InputValue[] }> {
  const base = withValues(promptText, request.set)
  const sweep = request.sweep
  if (!sweep) return [{ promptText: base, changed: request.set }]
  if ('seeds' in sweep) {
    const seeds = promptInputs(base).filter((input) => input.seed)
    if (seeds.length === 0) throw new AppError('validation', 'This prompt has no seed input to sweep.')
    return Array.from({ length: sweep.seeds }, () => {
      const changed = seeds.map((input) => ({ nodeId: input.nodeId, input: input.input, value: randomSeed() }))
      return { promptText: withValues(base, changed), changed: [...request.set, ...changed] }
    })
  }
  return sweep.values.map((value) => {
    const changed = [{ nodeId: sweep.nodeId, input: sweep.input, value }]
    return { promptText: withValues(base, changed), changed: [...request.set, ...changed] }
  })
}
