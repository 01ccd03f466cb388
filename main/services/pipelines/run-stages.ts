import { createHash } from 'node:crypto'
import type { MediaAsset } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { FramesStageConfig, type StageName } from '../../../shared/pipeline-stages'
import { canonicalJson, configHash } from '../../hashing/canonical-json'
import type { Library, Uses } from '../library-context'
import type { CatalogRepos } from '../../db/catalog'
import type { JsonObject } from '../../pipelines/checkpoint-rules'
import { orderProblem } from '../../pipelines/pipeline-definition'
import { getCheckpoint, saveStageOutput, type Checkpoint } from './checkpoints'
import { STAGE_READS, stageDefinition } from './stages'
import type { StageDefinition, StageLibrary } from './stages/stage-types'
import { ensureTimeline, frameStore } from './timelines'

/** What one run does: its stages (frames first when it samples), their config, and where it starts. */
export interface RunPlan {
  executionId: string
  asset: MediaAsset
  stages: StageName[]
  config: Partial<Record<StageName, Record<string, unknown>>>
  /** The checkpoint a replay or retry starts from; null to start at the timeline's root. */
  from: Checkpoint | null
}

/** What a run made: its checkpoints in order, and which stages ran and which came from the cache. */
export interface RunOutcome {
  timelineId: number
  checkpointIds: number[]
  ran: StageName[]
  cached: StageName[]
}

/** What a step of a run (its frames, or one stage) gives: the checkpoint it made or found, and whether from a cache. */
export interface StepDone {
  checkpoint: Checkpoint
  cached: boolean
}

/** How a run's steps get done: in this process (stagesHere), or as jobs for a team library's workers. */
export interface StageSteps {
  /** Samples, or finds, the timeline the run's frames config names: its root. */
  frames(): Promise<StepDone>
  /** Runs one stage on `current`; `share` maps the stage's progress (0–1) to the run's. */
  stage(stage: StageName, current: Checkpoint, share: (fraction: number) => number): Promise<StepDone>
}

/** What one stage works with: the run's asset and config, and the checkpoint it runs on. */
export interface StageStep {
  executionId: string
  asset: MediaAsset
  config: RunPlan['config']
  current: Checkpoint
  stage: StageName
}

/** How one stage's work goes: stopped by `signal`, reporting its own progress (0–1), and `held` before it saves. */
export interface StageWork {
  signal: AbortSignal
  progress: (fraction: number) => void
  /** Throws once the stage's job is no longer this process's to finish (a worker whose lease was taken). */
  held?: () => Promise<void>
}

/**
 * Runs a plan's steps one after the other: its frames unless a replay starts from a checkpoint of the same
 * timeline, then each stage as a child of the checkpoint before it (see runStage). A replay whose frames differ
 * from its checkpoint's starts at the root of the timeline those frames make. What finished stays when a later
 * stage fails or the run is cancelled; `made` holds it as it goes.
 */
export async function runStages(
  lib: Uses<'checkpoints' | 'pipelineRuns' | 'timelines'>,
  plan: RunPlan,
  { signal, made }: { signal: AbortSignal; made: RunOutcome },
  steps: StageSteps,
): Promise<RunOutcome> {
  const { executionId } = plan
  const { repos } = lib.catalog
  const done = (stage: StageName, step: StepDone) => {
    made.checkpointIds.push(step.checkpoint.id)
    ;(step.cached ? made.cached : made.ran).push(stage)
    return step.checkpoint
  }
  const start = (await reusedStart(lib, plan)) ?? done('frames', await steps.frames())
  made.timelineId = start.timelineId
  await repos.pipelineRuns.setTimeline(executionId, start.timelineId)
  const stages = stagesFrom(plan, start)
  let current = start
  for (const [index, stage] of stages.entries()) {
    signal.throwIfAborted()
    await repos.pipelineRuns.setStage(executionId, stage)
    current = done(stage, await steps.stage(stage, current, (fraction) => (index + fraction) / stages.length))
  }
  await repos.pipelineRuns.setStage(executionId, null)
  return made
}

/** A run's steps in this process. */
export function stagesHere(
  lib: StageLibrary,
  plan: RunPlan,
  work: { signal: AbortSignal; progress: (fraction: number, doing: string) => void },
): StageSteps {
  const { signal } = work
  return {
    async frames() {
      const made = await framesStart(lib, plan, {
        signal,
        progress: (fraction, doing) => work.progress(fraction * 0.5, doing),
      })
      return { checkpoint: made.root, cached: made.cached }
    },
    stage(stage, current, share) {
      work.progress(share(0), stage)
      const { executionId, asset, config } = plan
      const progress = (fraction: number) => work.progress(share(fraction), stage)
      return runStage(lib, { executionId, asset, config, current, stage }, { signal, progress })
    },
  }
}

/** The plan's stages after frames, checked against what the checkpoint they start from carries. */
export function stagesFrom(plan: Pick<RunPlan, 'stages'>, start: Checkpoint): StageName[] {
  const stages = plan.stages.filter((stage) => stage !== 'frames')
  const problem = orderProblem(stages, STAGE_READS, Object.keys(start.outputKeys) as StageName[])
  if (problem) throw new AppError('validation', problem)
  return stages
}

/**
 * Runs one stage on a checkpoint and saves its output as the checkpoint's child. A stage whose cache key (the
 * source's content, the timeline when it reads frames, the outputs it reads, its config and version) has an output
 * runs nothing; a stage its run already saved under that checkpoint (its job ran again after a worker was lost)
 * gives that checkpoint back.
 */
export async function runStage(
  lib: StageLibrary,
  { executionId, asset, config: runConfig, current, stage }: StageStep,
  work: StageWork,
): Promise<StepDone> {
  const { repos } = lib.catalog
  const saved = await repos.checkpoints.ofRunStage(current.id, executionId, stage)
  if (saved) return { checkpoint: (await getCheckpoint(repos, saved.id))!, cached: saved.cached }
  const timeline = (await repos.timelines.get(current.timelineId))!
  const definition = stageDefinition(stage)
  const override = { ...asObject(current.configOverrides[stage]), ...runConfig[stage] }
  const config = stageConfig(stage, definition, override)
  const read = await Promise.all(definition.reads.map((input) => readInput(repos, current, input)))
  const inputs = Object.fromEntries(read.map(({ stage, output }) => [stage, output]))
  const inputKeys = read.map(({ hash }) => hash)
  const hashOfConfig = configHash({ stage, version: definition.version, ...(config as JsonObject) })
  const key = stageKey({
    stage,
    version: definition.version,
    content: timeline.contentHash,
    frames: definition.readsFrames ? `${timeline.profile}@${timeline.fps}` : null,
    inputs: inputKeys,
    config: hashOfConfig,
  })
  const cachedRow = await repos.checkpoints.output(key)
  const output = cachedRow
    ? cachedRow.output
    : await definition.run({
        lib,
        asset,
        timeline,
        frames: await repos.timelines.frames(timeline.id),
        store: frameStore(lib),
        inputs,
        config,
        signal: work.signal,
        progress: work.progress,
      })
  work.signal.throwIfAborted()
  await work.held?.()
  const checkpoint = await saveStageOutput(lib, {
    parentId: current.id,
    runId: executionId,
    output: {
      stage,
      key,
      version: definition.version,
      contentHash: timeline.contentHash,
      configHash: hashOfConfig,
      inputKeys,
      output,
    },
    stats: definition.statsOf(output),
    configOverrides: Object.keys(override).length > 0 ? { [stage]: override } : {},
    cached: cachedRow !== undefined,
  })
  await definition.indexOutput?.(lib, asset.id, output)
  return { checkpoint, cached: cachedRow !== undefined }
}

/** The frames config a plan samples with: its own fields over those of the timeline it replays from. */
async function framesOf(lib: Uses<'timelines'>, plan: Pick<RunPlan, 'config' | 'from'>) {
  const from = plan.from
  const timeline = from ? await lib.catalog.repos.timelines.get(from.timelineId) : undefined
  const frames = FramesStageConfig.parse({
    ...(timeline ? { fps: timeline.fps, profile: timeline.profile } : {}),
    ...plan.config.frames,
  })
  return { frames, same: timeline !== undefined && frames.fps === timeline.fps && frames.profile === timeline.profile }
}

/** The replay's own checkpoint, as it stands now, when the plan's frames are its timeline's; else null. */
export async function reusedStart(
  lib: Uses<'checkpoints' | 'timelines'>,
  plan: Pick<RunPlan, 'config' | 'from'>,
): Promise<Checkpoint | null> {
  const { same } = await framesOf(lib, plan)
  if (!same) return null
  return (await getCheckpoint(lib.catalog.repos, plan.from!.id)) ?? missingCheckpoint(plan.from!.id)
}

/** The root of the timeline the plan's frames config names, sampled now unless it was made before (`cached`). */
export async function framesStart(
  lib: Pick<Library, 'catalog' | 'dir' | 'ingest' | 'store' | 'tools'>,
  plan: Pick<RunPlan, 'config' | 'from' | 'asset' | 'executionId'>,
  work: Parameters<typeof ensureTimeline>[3],
): Promise<{ root: Checkpoint; cached: boolean }> {
  const { frames } = await framesOf(lib, plan)
  const made = await ensureTimeline(lib, plan.asset, { ...frames, runId: plan.executionId }, work)
  return { root: made.root, cached: made.cached }
}

function missingCheckpoint(id: number): never {
  throw new AppError('not_found', `Checkpoint ${id} is not there any more (deleted while the run waited).`)
}

/**
 * The output of `stage` a checkpoint carries, and what a dependent stage keys on: the hash of the output's
 * canonical JSON, so an input recomputed to the same output still hits, and the key is the same on either engine
 * (a hub's jsonb gives an object's keys back in an order of its own).
 */
async function readInput(repos: Pick<CatalogRepos, 'checkpoints'>, checkpoint: Checkpoint, stage: StageName) {
  const row = await repos.checkpoints.output(checkpoint.outputKeys[stage]!)
  return {
    stage,
    output: row?.output,
    hash: `sha256:${createHash('sha256')
      .update(row ? canonicalJson(row.output) : '')
      .digest('hex')}`,
  }
}

function stageKey(parts: Record<string, unknown>): string {
  return `sha256:${createHash('sha256').update(canonicalJson(parts)).digest('hex')}`
}

/** A stage's whole config from its overrides, or an error in words naming the stage and the fields. */
function stageConfig(stage: StageName, definition: StageDefinition, override: object): unknown {
  const parsed = definition.config.safeParse(override)
  if (parsed.success) return parsed.data
  const issues = parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || 'config'}: ${issue.message}`)
  throw new AppError('validation', `The ${stage} stage's config is not valid: ${issues.join('; ')}.`)
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
}
