import type { CheckpointNode, PipelineRun, StageConfigs, Timeline } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { StageName } from '../../../shared/pipeline-stages'
import type { CatalogRepos } from '../../db/catalog'
import type { PipelineRunRow } from '../../db/repos/pipeline-runs'
import type { TimelineRow } from '../../db/repos/timelines'
import type { Uses } from '../library-context'
import { JOB_INTERRUPTED } from '../../jobs/lease-sweep'
import { getCheckpoint, loadStageOutput, timelineCheckpoints, type Checkpoint } from './checkpoints'

// The words a run killed midway was failed with before runs ended with their job (migration 0390).
const INTERRUPTED_BEFORE_0390 =
  'Interrupted: Framevault stopped before this run finished. Its finished checkpoints stay.'

/** A checkpoint as the contract shows it. */
export function checkpointNode(checkpoint: Checkpoint): CheckpointNode {
  return { ...checkpoint, stage: checkpoint.stage as StageName | null }
}

/** An asset's timelines, runs (newest first) and the checkpoints of its timelines, with the bytes they take. */
export async function pipelinesOfAsset(
  lib: Uses<'checkpoints' | 'media' | 'pipelineRuns' | 'timelines' | 'workflowExecutions'>,
  assetId: string,
) {
  const { repos } = lib.catalog
  if (!(await repos.media.get(assetId))) throw new AppError('not_found', `No asset ${assetId}.`)
  const timelines = await repos.timelines.ofVideo(assetId)
  const checkpoints: CheckpointNode[] = []
  let outputs = 0
  for (const timeline of timelines) {
    checkpoints.push(...(await timelineCheckpoints(repos, timeline.id)).map(checkpointNode))
    outputs += await repos.checkpoints.outputBytes(timeline.id)
  }
  return {
    timelines: timelines.map(timelineView),
    runs: await Promise.all((await repos.pipelineRuns.ofVideo(assetId)).map((row) => runView(repos, row))),
    checkpoints,
    bytes: { frames: timelines.reduce((sum, timeline) => sum + timeline.frameBytes, 0), outputs },
  }
}

/** One checkpoint with each output it carries. */
export async function checkpointWithOutputs(lib: Uses<'checkpoints'>, id: number) {
  const { repos } = lib.catalog
  const checkpoint = await getCheckpoint(repos, id)
  if (!checkpoint) throw new AppError('not_found', `No checkpoint ${id}.`)
  const outputs: Record<string, unknown> = {}
  for (const stage of Object.keys(checkpoint.outputKeys)) outputs[stage] = await loadStageOutput(repos, id, stage)
  return { checkpoint: checkpointNode(checkpoint), outputs }
}

/**
 * A pipeline run as the contract shows it. A run whose job ended without it finishing was ended with the job
 * (migration 0390's trigger), with the job's words: when those say Framevault stopped, it is `interrupted`.
 */
export async function runView(
  repos: Pick<CatalogRepos, 'workflowExecutions'>,
  row: PipelineRunRow,
): Promise<PipelineRun> {
  const execution = (await repos.workflowExecutions.get(row.executionId))!
  return {
    executionId: row.executionId,
    workflowId: execution.workflowId,
    assetId: row.videoId,
    timelineId: row.timelineId,
    kind: row.kind,
    fromCheckpointId: row.fromCheckpointId,
    stages: JSON.parse(row.stages) as StageName[],
    config: JSON.parse(row.config) as StageConfigs,
    status: execution.status,
    interrupted:
      execution.status === 'failed' &&
      (execution.error === JOB_INTERRUPTED || execution.error === INTERRUPTED_BEFORE_0390),
    error: execution.error,
    currentStage: row.currentStage,
    jobId: row.jobId,
    createdAt: row.createdAt,
  }
}

/** A timeline as the contract shows it. */
export function timelineView(row: TimelineRow): Timeline {
  return {
    id: row.id,
    assetId: row.videoId,
    contentHash: row.contentHash,
    profile: row.profile,
    fps: row.fps,
    status: row.status,
    frameCount: row.frameCount,
    frameBytes: row.frameBytes,
    createdAt: row.createdAt,
  }
}
