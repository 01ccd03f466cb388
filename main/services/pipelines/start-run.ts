import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import {
  PipelineRunJob,
  PipelineStageJob,
  type JobOf,
  type PipelineStageResult,
  type MediaAsset,
  type PipelineRunResult,
  type StageConfigs,
} from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { StageName } from '../../../shared/pipeline-stages'
import type { PipelineRunRow, RunKind } from '../../db/repos/pipeline-runs'
import { jobHandler, type JobContext } from '../../jobs/job-handler'
import type { Library, Uses } from '../library-context'
import { jobAsset } from '../assets/job-asset'
import { addExecution, updateExecution } from '../workflows/executions'
import { getCheckpoint, type Checkpoint } from './checkpoints'
import { framesStart, runStage, runStages, stagesHere, type RunOutcome } from './run-stages'
import { stagesOnWorkers, STAGE_JOB_KINDS } from './stages-on-workers'
import type { StageLibrary } from './stages/stage-types'
import { overlayStageConfigs, runWorkflow } from './stored-pipelines'

/** A run to start: its asset, pipeline (a stored one, or its stages) and config; for a replay, where it starts. */
interface RunRequest {
  asset: MediaAsset
  workflowId?: string
  stages?: StageName[]
  config: StageConfigs
  kind: RunKind
  from: Checkpoint | null
  /** A scenario label for the run's last checkpoint, once it has finished. */
  label?: string
}

/** Starts a pipeline run on an asset (see runStages): recorded queued as an execution of its pipeline workflow first. */
export async function startPipelineRun(
  lib: Pick<Library, 'catalog' | 'jobs'>,
  input: { assetId: string; workflowId?: string; stages?: StageName[]; config: StageConfigs },
): Promise<{ job: JobOf<'pipeline-run'>; executionId: string }> {
  const asset = await lib.catalog.repos.media.get(input.assetId)
  if (!asset) throw new AppError('not_found', `No asset ${input.assetId}.`)
  return startRun(lib, { asset, ...input, kind: 'initial', from: null })
}

/**
 * Replays from a checkpoint with config overrides: the stages after its own in the run that made it (or those
 * given), as a new branch under it.
 */
export async function replayCheckpoint(
  lib: Pick<Library, 'catalog' | 'jobs'>,
  input: { id: number; config: StageConfigs; stages?: StageName[]; label?: string },
): Promise<{ job: JobOf<'pipeline-run'>; executionId: string }> {
  const from = await getCheckpoint(lib.catalog.repos, input.id)
  if (!from) throw new AppError('not_found', `No checkpoint ${input.id}.`)
  const timeline = (await lib.catalog.repos.timelines.get(from.timelineId))!
  const asset = timeline.videoId === null ? undefined : await lib.catalog.repos.media.get(timeline.videoId)
  if (!asset) throw new AppError('not_found', `The video of checkpoint ${input.id} is no longer in the library.`)
  const run = from.runId === null ? undefined : await lib.catalog.repos.pipelineRuns.get(from.runId)
  const stages = input.stages ?? stagesAfter(run, from)
  if (stages.length === 0) {
    throw new AppError(
      'validation',
      `Nothing follows checkpoint ${from.id} (${from.stage ?? 'root'}): name the stages to run.`,
    )
  }
  const workflowId = run && (await lib.catalog.repos.workflowExecutions.get(run.executionId))?.workflowId
  // The run's own config for the stages it replays, with the overrides given on top.
  const base = run ? (JSON.parse(run.config) as StageConfigs) : {}
  const config = overlayStageConfigs(base, input.config, stages)
  return startRun(lib, { asset, stages, config, kind: 'replay', from, label: input.label, workflowId })
}

async function startRun(
  lib: Pick<Library, 'catalog' | 'jobs'>,
  request: RunRequest,
): Promise<{ job: JobOf<'pipeline-run'>; executionId: string }> {
  const { asset, kind, from } = request
  const executionId = randomUUID()
  const now = new Date().toISOString()
  const { workflowId, stages } = await lib.catalog.transaction(async (repos) => {
    const workflow = await runWorkflow(repos, request)
    await addExecution(repos, {
      workflowId: workflow.workflowId,
      id: executionId,
      status: 'queued',
      executionData: JSON.stringify({
        source: 'pipeline',
        kind,
        stages: workflow.stages,
        config: workflow.config,
        fromCheckpointId: from?.id ?? null,
      }),
    })
    await repos.pipelineRuns.insert({
      executionId,
      videoId: asset.id,
      timelineId: from?.timelineId ?? null,
      kind,
      fromCheckpointId: from?.id ?? null,
      stages: JSON.stringify(workflow.stages),
      config: JSON.stringify(workflow.config),
      currentStage: null,
      jobId: null,
      createdAt: now,
    })
    return workflow
  })
  const title = `${(await lib.catalog.repos.workflows.get(workflowId))?.name ?? 'Pipeline'} on ${asset.name}`
  const params: PipelineJobParams = {
    executionId,
    kind,
    stages,
    fromCheckpointId: from?.id ?? null,
    label: request.label,
  }
  // However the job ends, a run it leaves unfinished ends with it (migration 0390): linked before it can run.
  const job = await lib.jobs.start('pipeline-run', params, {
    title,
    assetId: asset.id,
    async stored(jobId) {
      await lib.catalog.repos.workflowExecutions.setJob([executionId], jobId)
      await lib.catalog.repos.pipelineRuns.setJob(executionId, jobId)
    },
  })
  return { job, executionId }
}

// A replay's scenario label rides with the job: it is set on the run's last checkpoint once the run has finished.
const PipelineJobParams = PipelineRunJob.shape.params.extend({ label: z.string().optional() })
type PipelineJobParams = z.infer<typeof PipelineJobParams>

/** The pipeline run's handler: its config is the run's stored one, its start the stored checkpoint. */
export const pipelineRunHandler = jobHandler({
  kind: 'pipeline-run',
  params: PipelineJobParams,
  result: PipelineRunJob.shape.result.unwrap(),
  retryable: false,
  // It hands its stages out one after the other, as jobs of their own.
  runs: 'starter',
  // However a run ends, its rows end with its job: a new run is started, not this one queued again.
  rerunnable: false,
  // In a team library its stages are jobs the workers claim (stages-on-workers.ts): it only hands them out.
  waitsOn: STAGE_JOB_KINDS,
  run: runPipeline,
})

async function runPipeline(
  lib: StageLibrary & Pick<Library, 'events' | 'jobs'>,
  params: PipelineJobParams,
  { jobId, assetId, signal, progress, keep }: JobContext<PipelineRunResult>,
): Promise<RunOutcome> {
  const { executionId, stages } = params
  const from = params.fromCheckpointId === null ? null : await getCheckpoint(lib.catalog.repos, params.fromCheckpointId)
  if (from === undefined) throw new AppError('not_found', `No checkpoint ${params.fromCheckpointId}.`)
  const run = await lib.catalog.repos.pipelineRuns.get(executionId)
  if (!run) throw new AppError('not_found', `No pipeline run ${executionId}.`)
  const config = JSON.parse(run.config) as StageConfigs
  const made: RunOutcome = { timelineId: from?.timelineId ?? 0, checkpointIds: [], ran: [], cached: [] }
  keep(made)
  await updateExecution(lib, executionId, { status: 'running' })
  try {
    const plan = { executionId, asset: await jobAsset(lib, assetId), stages, config, from }
    const { kinds } = await lib.jobs.queue()
    const onWorkers = STAGE_JOB_KINDS.some((kind) => kinds.includes(kind))
    const { title, requestedBy } = await lib.jobs.get(jobId)
    const steps = onWorkers
      ? stagesOnWorkers(lib, plan, { signal, progress, title, requestedBy: requestedBy ?? undefined })
      : stagesHere(lib, plan, { signal, progress })
    await runStages(lib, plan, { signal, made }, steps)
  } catch (error) {
    const cancelled = signal.aborted
    const message = cancelled ? 'Cancelled.' : error instanceof Error ? error.message : String(error)
    await updateExecution(lib, executionId, { status: cancelled ? 'cancelled' : 'failed', error: message })
    throw error
  }
  const last = made.checkpointIds.at(-1)
  if (params.label && last !== undefined) await lib.catalog.repos.checkpoints.setScenario(last, params.label)
  await updateExecution(lib, executionId, { status: 'completed' })
  return made
}

/** The stages after `from`'s own in the run that made it (all but frames for a root). */
function stagesAfter(run: PipelineRunRow | undefined, from: Checkpoint): StageName[] {
  const stages: StageName[] = run ? (JSON.parse(run.stages) as StageName[]).filter((stage) => stage !== 'frames') : []
  if (from.stage === null) return stages
  const at = stages.indexOf(from.stage as StageName)
  return at < 0 ? [] : stages.slice(at + 1)
}

/** One stage of a run, on whichever worker claimed it: the run's config and asset are read from the catalogue. */
async function runStageJob(
  lib: StageLibrary,
  params: JobOf<'pipeline-stage'>['params'],
  { assetId, signal, progress, held }: JobContext<PipelineStageResult>,
): Promise<PipelineStageResult> {
  const { executionId, stage } = params
  const run = await lib.catalog.repos.pipelineRuns.get(executionId)
  if (!run) throw new AppError('not_found', `No pipeline run ${executionId}.`)
  const plan = {
    executionId,
    asset: await jobAsset(lib, assetId),
    config: JSON.parse(run.config) as StageConfigs,
    from: params.fromCheckpointId === null ? null : await checkpointOf(lib, params.fromCheckpointId),
  }
  if (stage === 'frames') {
    const made = await framesStart(lib, plan, { signal, progress, held })
    return { checkpointId: made.root.id, timelineId: made.root.timelineId, cached: made.cached }
  }
  if (!plan.from) throw new AppError('validation', `The ${stage} stage runs on a checkpoint: none was given.`)
  const step = await runStage(
    lib,
    { ...plan, current: plan.from, stage },
    { signal, progress: (fraction) => progress(fraction, stage), held },
  )
  return { checkpointId: step.checkpoint.id, timelineId: step.checkpoint.timelineId, cached: step.cached }
}

async function checkpointOf(lib: Uses<'checkpoints'>, id: number): Promise<Checkpoint> {
  const checkpoint = await getCheckpoint(lib.catalog.repos, id)
  if (!checkpoint) throw new AppError('not_found', `Checkpoint ${id} is not there any more (deleted meanwhile?).`)
  return checkpoint
}

/** The handlers of a stage's job, one per kind: the same work, claimed by the workers that can run it. */
export const pipelineStageHandlers = STAGE_JOB_KINDS.map((kind) =>
  jobHandler({
    kind,
    params: PipelineStageJob.shape.params,
    result: PipelineStageJob.shape.result.unwrap(),
    // A stage run again finds the checkpoint it saved, or its output in the stage cache.
    retryable: true,
    // The run it belongs to ended with it: a new run is started, not one stage of it.
    rerunnable: false,
    runs: 'anywhere',
    // The text stage reads frames with Tesseract: a machine without it leaves those jobs to others.
    needs: kind === 'pipeline-text' ? ['tesseract'] : [],
    run: runStageJob,
  }),
)
