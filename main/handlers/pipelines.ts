import { deleteBranch, pruneTimeline } from '../services/pipelines/checkpoint-delete'
import { compareCheckpoints, labelCheckpoint, pinCheckpoint } from '../services/pipelines/checkpoint-tree'
import { AppError } from '../../shared/errors'
import { checkpointWithOutputs, pipelinesOfAsset, timelineView } from '../services/pipelines/pipeline-views'
import { putCheckpoints, putTimeline } from '../services/pipelines/put-pipelines'
import { replayCheckpoint, startPipelineRun } from '../services/pipelines/start-run'
import type { HandlerGroup } from './handler-types'

export const pipelineHandlers = {
  'pipelines:run': (input, lib) => startPipelineRun(lib, input),
  'pipelines:of-asset': ({ assetId }, lib) => pipelinesOfAsset(lib, assetId),
  'timelines:frames': async ({ timelineId, from, limit }, lib) => {
    const { timelines } = lib.catalog.repos
    const timeline = await timelines.get(timelineId)
    if (!timeline) throw new AppError('not_found', `No timeline ${timelineId}.`)
    const frames = (await timelines.framePage(timelineId, from, limit)).map(
      ({ sequence, timestamp, perceptualHash }) => ({ sequence, timestamp, perceptualHash }),
    )
    return { timeline: timelineView(timeline), frames }
  },
  'checkpoints:get': ({ id }, lib) => checkpointWithOutputs(lib, id),
  'checkpoints:replay': (input, lib) => replayCheckpoint(lib, input),
  'checkpoints:label': ({ id, label }, lib) => labelCheckpoint(lib, id, label),
  'checkpoints:pin': ({ id, pinned }, lib) => pinCheckpoint(lib, id, pinned),
  'checkpoints:delete': ({ id }, lib) => deleteBranch(lib, id),
  'checkpoints:prune': ({ timelineId, keep }, lib) => pruneTimeline(lib, timelineId, keep),
  'checkpoints:compare': ({ ids, all }, lib) => compareCheckpoints(lib, ids, all),
  'timelines:put': (input, lib) => putTimeline(lib, input),
  'checkpoints:put': (input, lib) => putCheckpoints(lib, input),
} satisfies HandlerGroup
