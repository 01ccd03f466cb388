import type { ChannelInput, ChannelOutput } from '../../../shared/contract'
import type { PutTally } from '../../../shared/contract/cache-rows'
import { AppError } from '../../../shared/errors'
import type { LocalLibrary } from '../library-context'
import type { CheckpointRow } from '../../db/repos/checkpoints'
import type { PipelineRunRow } from '../../db/repos/pipeline-runs'
import type { TimelineRow } from '../../db/repos/timelines'
import { frameStore } from '../pipelines/timelines'
import { addTally, batchesOf, jsonBytes, type PushSteps } from './push-batches'
import { REFUSALS } from './push-workflows'
import type { PushHub } from './push-hub'

/** What a push did with the pipelines' timelines, their checkpoints and the stage outputs these carry. */
export interface PushedPipelines {
  timelines: PutTally
  checkpoints: PutTally
  outputs: PutTally
  /** The pipeline runs that made the checkpoints (their executions went with the workflows). */
  runs: PutTally
  /** Checkpoints not sent, with those under them: an output past what the hub takes in one call. */
  tooLarge: number
  /** Timelines the hub refused (in its words), by their asset here; the rest went on. */
  refused: Array<{ id: string; name: string; reason: string }>
}

export const noPipelines = (): PushedPipelines => ({
  timelines: { added: 0, present: 0 },
  checkpoints: { added: 0, present: 0 },
  outputs: { added: 0, present: 0 },
  runs: { added: 0, present: 0 },
  tooLarge: 0,
  refused: [],
})

// What timelines:put and checkpoints:put take per call (shared/contract/pipelines.ts).
const FRAMES_PER_PUT = 2_000
const CHECKPOINTS_PER_PUT = 500
const OUTPUT_MAX_CHARS = 8_000_000
// A checkpoints:put's outputs stay under this many bytes of JSON (the host takes 24 MiB with escapes).
const OUTPUT_BYTES_PER_PUT = 12 * 1024 * 1024

type PushedCheckpoint = ChannelInput<'checkpoints:put'>['checkpoints'][number]
type PushedRun = NonNullable<ChannelInput<'checkpoints:put'>['runs']>[number]
/** What the hub holds of an asset's pipelines: its checkpoints (of this timeline) and its runs' executions. */
type Held = { checkpoints: ReadonlyArray<{ stage: string | null; createdAt: string }>; runs: ReadonlySet<string> }
type PushedOutput = ChannelInput<'checkpoints:put'>['outputs'][number]

/**
 * Sends each pushed asset's timelines (`onHub`: each pushed asset's hub id) with their checkpoint trees: a timeline
 * the hub lacks goes with its frames (each JPEG an upload, in parts), then its checkpoints parents first with the
 * outputs they carry. A tree whose every checkpoint the hub holds is not sent again. Runs after the workflows, so
 * checkpoints keep the runs that made them.
 */
export async function pushPipelines(
  { lib, hub }: { lib: LocalLibrary; hub: PushHub },
  onHub: Map<string, string>,
  tally: PushedPipelines,
  { report, signal }: PushSteps,
): Promise<void> {
  const { timelines, media } = lib.catalog.repos
  const made: Array<{ id: string; hubId: string; name: string; timelines: TimelineRow[] }> = []
  for (const [id, hubId] of onHub) {
    const ready = (await timelines.ofVideo(id)).filter((timeline) => timeline.status === 'ready')
    if (ready.length > 0) made.push({ id, hubId, name: (await media.get(id))!.name, timelines: ready })
  }
  const total = made.reduce((sum, asset) => sum + asset.timelines.length, 0)
  let done = 0
  for (const { id, hubId, name, timelines: ofAsset } of made) {
    const there: ChannelOutput<'pipelines:of-asset'> = await hub.call('pipelines:of-asset', { assetId: hubId })
    for (const timeline of ofAsset) {
      signal.throwIfAborted()
      report(`Timeline ${++done}/${total}: ${name} (${timeline.profile}, ${timeline.fps} fps)`)
      try {
        await pushTimeline(lib, hub, { hubId, timeline, there }, tally)
      } catch (error) {
        if (!(error instanceof AppError) || !REFUSALS.has(error.code)) throw error
        tally.refused.push({ id, name, reason: error.message })
      }
    }
  }
}

/** One timeline: its frames when the hub lacks it, then its checkpoints and runs. */
async function pushTimeline(
  lib: LocalLibrary,
  hub: PushHub,
  { hubId, timeline, there }: { hubId: string; timeline: TimelineRow; there: ChannelOutput<'pipelines:of-asset'> },
  tally: PushedPipelines,
): Promise<void> {
  const same = there.timelines.find(
    (one) =>
      one.contentHash === timeline.contentHash &&
      one.profile === timeline.profile &&
      one.fps === timeline.fps &&
      one.status === 'ready',
  )
  const timelineId = same?.id ?? (await sendTimeline(lib, hub, hubId, timeline))
  addTally(tally.timelines, { added: same ? 0 : 1, present: same ? 1 : 0 })
  const held = {
    checkpoints: there.checkpoints.filter((checkpoint) => checkpoint.timelineId === timelineId),
    runs: new Set(there.runs.map((run) => run.executionId)),
  }
  await sendCheckpoints(lib, hub, { local: timeline, timelineId, held }, tally)
}

/** Uploads a timeline's frames and puts it on the hub in parts; resolves to its id there. */
async function sendTimeline(lib: LocalLibrary, hub: PushHub, assetId: string, timeline: TimelineRow) {
  const frames = await lib.catalog.repos.timelines.frames(timeline.id)
  const store = frameStore(lib)
  let timelineId = 0
  for (let start = 0; start < frames.length; start += FRAMES_PER_PUT) {
    const part = frames.slice(start, start + FRAMES_PER_PUT)
    const sent: ChannelInput<'timelines:put'>['frames'] = []
    for (const { sequence, chunkId, timestamp, perceptualHash, hashQuality, frameKey } of part) {
      const { uploadId } = await hub.upload(await store.localFile(frameKey), `${sequence}.jpg`)
      sent.push({ sequence, chunkId, timestamp, perceptualHash, hashQuality, uploadId })
    }
    const put: ChannelOutput<'timelines:put'> = await hub.call('timelines:put', {
      assetId,
      contentHash: timeline.contentHash,
      profile: timeline.profile as ChannelInput<'timelines:put'>['profile'],
      fps: timeline.fps,
      createdAt: timeline.createdAt,
      frames: sent,
      last: start + FRAMES_PER_PUT >= frames.length,
    })
    timelineId = put.timelineId
  }
  return timelineId
}

/**
 * Puts a timeline's checkpoints on the hub, parents first, in calls of at most 500 checkpoints and 12 MiB of outputs,
 * each naming the parents earlier calls sent; the pipeline runs that made them go with the last. A checkpoint
 * carrying an output past 8M characters is not sent, nor anything under it. Nothing goes when the hub holds a
 * checkpoint for each (the same stage made at the same time) and each run.
 */
async function sendCheckpoints(
  lib: LocalLibrary,
  hub: PushHub,
  { local, timelineId, held }: { local: TimelineRow; timelineId: number; held: Held },
  tally: PushedPipelines,
): Promise<void> {
  const { checkpoints, pipelineRuns } = lib.catalog.repos
  const rows = await checkpoints.ofTimeline(local.id)
  const runs = (local.videoId === null ? [] : await pipelineRuns.ofVideo(local.videoId))
    .filter((run) => run.timelineId === local.id)
    .map(pushedRun)
  const heldHere = new Set(held.checkpoints.map((one) => `${one.stage}@${one.createdAt}`))
  const allHeld =
    rows.every((row) => heldHere.has(`${row.stage}@${row.createdAt}`)) &&
    runs.every((run) => held.runs.has(run.executionId))
  if (allHeld) {
    addTally(tally.checkpoints, { added: 0, present: rows.length })
    addTally(tally.runs, { added: 0, present: runs.length })
    return
  }
  const keys = await checkpoints.timelineOutputKeys(local.id)
  const outputs = new Map<string, PushedOutput>()
  const left = new Set<number>()
  const sendable: Array<{ checkpoint: PushedCheckpoint; outputs: PushedOutput[] }> = []
  for (const row of rows) {
    const carried = await outputsOf(lib, keys.get(row.id) ?? {}, outputs)
    if ((row.parentId !== null && left.has(row.parentId)) || carried === null) {
      left.add(row.id)
      continue
    }
    sendable.push({ checkpoint: pushedCheckpoint(row, keys.get(row.id) ?? {}), outputs: carried })
  }
  tally.tooLarge += left.size
  const sentKeys = new Set<string>()
  const known = new Map<number, number>()
  const batches = batchesOf(sendable, (item) => jsonBytes(item.outputs), CHECKPOINTS_PER_PUT, OUTPUT_BYTES_PER_PUT)
  for (const [index, batch] of batches.entries()) {
    const fresh = batch.flatMap((item) => item.outputs).filter((output) => !sentKeys.has(output.key))
    const uniqueOutputs = [...new Map(fresh.map((output) => [output.key, output])).values()]
    // The runs go with the last call, when every checkpoint they started from has its id there.
    const runsNow = index === batches.length - 1 ? runs : []
    const named = [...batch.map((item) => item.checkpoint.parentRef), ...runsNow.map((run) => run.fromCheckpointRef)]
    const put: ChannelOutput<'checkpoints:put'> = await hub.call('checkpoints:put', {
      timelineId,
      known: [...new Set(named)].flatMap((ref) =>
        ref !== null && known.has(ref) ? [{ ref, id: known.get(ref)! }] : [],
      ),
      outputs: uniqueOutputs,
      checkpoints: batch.map((item) => item.checkpoint),
      runs: runsNow,
    })
    for (const output of uniqueOutputs) sentKeys.add(output.key)
    for (const [ref, id] of put.ids) known.set(ref, id)
    addTally(tally.checkpoints, put.checkpoints)
    addTally(tally.outputs, put.outputs)
    addTally(tally.runs, put.runs)
  }
}

/** The outputs a checkpoint carries as a push sends them (each read once); null when one is too large to send. */
async function outputsOf(
  lib: LocalLibrary,
  keys: Record<string, string>,
  read: Map<string, PushedOutput>,
): Promise<PushedOutput[] | null> {
  const carried: PushedOutput[] = []
  for (const key of Object.values(keys)) {
    let output = read.get(key)
    if (!output) {
      const row = (await lib.catalog.repos.checkpoints.output(key))!
      const { stage, version, contentHash, configHash, inputKeys, createdAt } = row
      output = {
        key,
        stage: stage as PushedOutput['stage'],
        version,
        contentHash,
        configHash,
        inputKeys,
        output: JSON.stringify(row.output),
        createdAt,
      }
      read.set(key, output)
    }
    if (output.output.length > OUTPUT_MAX_CHARS) return null
    carried.push(output)
  }
  return carried
}

function pushedCheckpoint(row: CheckpointRow, keys: Record<string, string>): PushedCheckpoint {
  return {
    ref: row.id,
    parentRef: row.parentId,
    runId: row.runId,
    stage: row.stage as PushedCheckpoint['stage'],
    stats: JSON.stringify(row.stats),
    configOverrides: JSON.stringify(row.configOverrides),
    outputKeys: Object.entries(keys).map(([stage, key]) => ({ stage: stage as PushedOutput['stage'], key })),
    cached: row.cached,
    scenarioLabel: row.scenarioLabel,
    pinned: row.pinned,
    createdAt: row.createdAt,
  }
}

function pushedRun(run: PipelineRunRow): PushedRun {
  return {
    executionId: run.executionId,
    kind: run.kind,
    fromCheckpointRef: run.fromCheckpointId,
    stages: JSON.parse(run.stages) as PushedRun['stages'],
    config: run.config,
    createdAt: run.createdAt,
  }
}
