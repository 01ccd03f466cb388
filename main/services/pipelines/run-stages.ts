import { createHash } from 'node:crypto'
import type { MediaAsset } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { FramesStageConfig, type StageName } from '../../../shared/pipeline-stages'
import { canonicalJson, configHash } from '../../hashing/canonical-json'
import type { Library } from '../../app/library-context'
import type { CatalogRepos } from '../../db/catalog'
import type { JsonObject } from '../../pipelines/checkpoint-rules'
import { orderProblem } from '../../pipelines/pipeline-definition'
import { getCheckpoint, saveStageOutput, type Checkpoint } from './checkpoints'
import { STAGE_READS, stageDefinition } from './stages'
import type { StageDefinition } from './stages/stage-types'
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

type Work = { signal: AbortSignal; progress: (fraction: number, doing: string) => void; made: RunOutcome }

/**
 * Runs a plan's stages one after the other, each saved as a child of the checkpoint before it. A stage whose
 * cache key (the source's content, the timeline when it reads frames, the outputs it reads, its config and
 * version) has an output runs nothing. A replay whose frames differ from its checkpoint's starts at the root of
 * the timeline those frames make. What finished stays when a later stage fails or the run is cancelled.
 */
export async function runStages(lib: Library, plan: RunPlan, work: Work): Promise<RunOutcome> {
  const { asset, executionId } = plan
  const start = await startingPoint(lib, plan, work)
  const made = work.made
  made.timelineId = start.timelineId
  const { repos } = lib.catalog
  await repos.pipelineRuns.setTimeline(executionId, start.timelineId)
  const timeline = (await repos.timelines.get(start.timelineId))!
  const frames = await repos.timelines.frames(timeline.id)
  const stages = plan.stages.filter((stage) => stage !== 'frames')
  const problem = orderProblem(stages, STAGE_READS, Object.keys(start.outputKeys) as StageName[])
  if (problem) throw new AppError('validation', problem)
  let current = start
  for (const [index, stage] of stages.entries()) {
    work.signal.throwIfAborted()
    await repos.pipelineRuns.setStage(executionId, stage)
    const definition = stageDefinition(stage)
    const override = { ...asObject(current.configOverrides[stage]), ...plan.config[stage] }
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
    const share = (fraction: number) => (index + fraction) / stages.length
    work.progress(share(0), stage)
    const output = cachedRow
      ? cachedRow.output
      : await definition.run({
          lib,
          asset,
          timeline,
          frames,
          store: frameStore(lib),
          inputs,
          config,
          signal: work.signal,
          progress: (fraction) => work.progress(share(fraction), stage),
        })
    work.signal.throwIfAborted()
    current = await saveStageOutput(lib, {
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
    made.checkpointIds.push(current.id)
    ;(cachedRow ? made.cached : made.ran).push(stage)
  }
  await repos.pipelineRuns.setStage(executionId, null)
  return made
}

/** The checkpoint the stages start from: the replay's own, else the root of the timeline the frames config names. */
async function startingPoint(
  lib: Pick<Library, 'catalog' | 'dir' | 'ingest' | 'store' | 'tools'>,
  plan: RunPlan,
  work: Work,
): Promise<Checkpoint> {
  const from = plan.from
  const fromTimeline = from ? await lib.catalog.repos.timelines.get(from.timelineId) : undefined
  const frames = FramesStageConfig.parse({
    ...(fromTimeline ? { fps: fromTimeline.fps, profile: fromTimeline.profile } : {}),
    ...plan.config.frames,
  })
  if (from && fromTimeline && frames.fps === fromTimeline.fps && frames.profile === fromTimeline.profile) {
    return (await getCheckpoint(lib.catalog.repos, from.id)) ?? missingCheckpoint(from.id)
  }
  const made = await ensureTimeline(
    lib,
    plan.asset,
    { ...frames, runId: plan.executionId },
    { signal: work.signal, progress: (fraction, doing) => work.progress(fraction * 0.5, doing) },
  )
  if (made.cached) work.made.cached.push('frames')
  else work.made.ran.push('frames')
  work.made.checkpointIds.push(made.root.id)
  return made.root
}

function missingCheckpoint(id: number): never {
  throw new AppError('not_found', `Checkpoint ${id} is not there any more (deleted while the run waited).`)
}

/**
 * The output of `stage` a checkpoint carries, and what a dependent stage keys on: the hash of the output's
 * canonical JSON, so an input recomputed to the same output still hits, and the key is the same on either engine
 * (a hub's jsonb gives an object's keys back in an order of its own).
 */
async function readInput(repos: CatalogRepos, checkpoint: Checkpoint, stage: StageName) {
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
