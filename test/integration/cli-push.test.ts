import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import type {
  CachedAnalysis,
  CheckpointNode,
  Collection,
  Execution,
  Job,
  MediaAsset,
  PipelineRun,
  ProcessingRun,
  StackView,
  SubtitleTrack,
  Timeline,
  WorkflowMedia,
  WorkflowVersion,
} from '../../shared/contract'
import type { Library } from '../../main/services/library-context'
import { openLibrary } from '../../main/app/open-library'
import type { PushReport } from '../../main/services/push/push-library'
import { FRENCH_CUES } from '../fixtures/subtitled-clips'
import { call } from '../helpers/browse'
import { cli } from '../helpers/cli'
import { importAndWait } from '../helpers/ingest'
import { useServedHubs } from '../helpers/served-hub'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')
const { servedHub, closing } = useServedHubs()

/**
 * A library folder with five files (one a ComfyUI output), tags, a rating, notes, a renamed asset, a collection, a
 * cached analysis, a converted copy of one file (six assets) and a workflow made here with a run that ended and one
 * still queued.
 */
async function preparedLibrary(): Promise<{ dir: string; clip: string; web: string; made: string }> {
  const dir = tempDir()
  const lib = openLibrary(dir)
  try {
    const files = [fixtures.mp4, fixtures.png, fixtures.webm, fixtures.jpg, fixtures.genComfyPng]
    const { items } = await importAndWait(lib, files)
    const [clip, still, web, photo] = items.map((item) => item.asset!.id) as [string, string, string, string]
    await call(lib, 'media:tag', { ids: [clip, still], tags: ['Harbour'] })
    await call(lib, 'media:tag', { ids: [web], tags: ['night', 'Selects'] })
    await call(lib, 'media:set-rating', { ids: [clip], rating: 4 })
    await call(lib, 'media:set-notes', { id: photo, notes: 'Colour reference' })
    // A subtitle file read beside the clip's original (it stays on this machine).
    const sidecar = { fileName: 'clip.fr.srt', codec: 'subrip', language: 'fr', title: null, problem: null }
    await call(lib, 'subtitles:put', { assetId: clip, tracks: [{ ...sidecar, cues: JSON.stringify(FRENCH_CUES) }] })
    // Details a generator gave beside its file (the file itself carries none).
    await call(lib, 'generation:set', { id: photo, ...GENERATED })
    await call(lib, 'media:rename', { id: web, name: 'Night pier' })
    const { collection } = await call<{ collection: Collection }>(lib, 'collections:create', { name: 'Pier cut' })
    await call(lib, 'collections:add', { collectionId: collection.id, ids: [clip, web] })
    const { job } = await call<{ job: Job }>(lib, 'analysis:run', { assetId: clip, analyzer: 'loudness' })
    await lib.jobs.settled(job.id)
    // A processed asset: its run between two assets goes with them.
    const converted = await call<{ job: Job }>(lib, 'processing:run', { assetId: web, action: 'convert' })
    await lib.jobs.settled(converted.job.id)
    const made = (await lib.jobs.get(converted.job.id)).result as { outputAssetId: string }
    // A workflow made here, edited into a second version, run once with the clip as its output.
    const format = 'comfyui-api'
    await call(lib, 'workflows:create', { id: 'wf-pier', name: 'Pier grade', definition: GRADE, format })
    await call(lib, 'workflows:update', { id: 'wf-pier', definition: GRADE_SHARPENED, format })
    await call(lib, 'executions:create', { workflowId: 'wf-pier', id: 'run-pier', status: 'completed' })
    await call(lib, 'workflows:associate', {
      workflowId: 'wf-pier',
      videoId: clip,
      nodeId: '2',
      executionId: 'run-pier',
    })
    // A run still queued here, with its input: neither goes until the run has ended.
    await call(lib, 'executions:create', { workflowId: 'wf-pier', id: 'run-queued', status: 'queued' })
    const input = { workflowId: 'wf-pier', videoId: web, nodeId: '1', role: 'input', executionId: 'run-queued' }
    await call(lib, 'workflows:associate', input)
    // A pipeline run on the clip (its timeline and checkpoints), and a labelled replay branching off its frames.
    const run = await call<{ job: Job }>(lib, 'pipelines:run', { assetId: clip, stages: ['frames', 'dedupe_frames'] })
    await lib.jobs.settled(run.job.id)
    const { checkpointIds } = (await lib.jobs.get(run.job.id)).result as { checkpointIds: number[] }
    const replay = await call<{ job: Job }>(lib, 'checkpoints:replay', {
      id: checkpointIds[0]!,
      config: { dedupe_frames: { max_distance: 40 } },
      label: 'loose',
    })
    await lib.jobs.settled(replay.job.id)
    return { dir, clip, web, made: made.outputAssetId }
  } finally {
    await lib.close()
  }
}

const GENERATED = {
  provider: 'comfyui',
  model: 'flux1-dev',
  prompt: 'a harbour at night',
  seed: '18446744073709551615',
}
const GRADE = '{"1":{"class_type":"LoadVideo","inputs":{}},"2":{"class_type":"ColorGrade","inputs":{"video":["1",0]}}}'
const GRADE_SHARPENED =
  '{"1":{"class_type":"LoadVideo","inputs":{}},"2":{"class_type":"ColorGrade","inputs":{"video":["1",0]}},' +
  '"3":{"class_type":"Sharpen","inputs":{"video":["2",0]}}}'

const summaryOf = (stdout: string) => JSON.parse(stdout) as PushReport
type PipelinesOfAsset = { timelines: Timeline[]; checkpoints: CheckpointNode[]; runs: PipelineRun[] }

describe('framevault push --hub', () => {
  it('sends a library to a hub with what it knows of each asset; run again, it sends nothing twice', async () => {
    const { dir, clip, web, made } = await preparedLibrary()
    const { hub, args, keys } = await servedHub()
    // The hub holds one of the files already (someone imported it): it is not sent, its tags join it all the same.
    const held = (await importAndWait(hub, [fixtures.png])).items[0]!.asset!.id

    const first = await cli(['push', '--library', dir, ...args])
    expect(first.code).toBe(0)
    // Progress: the five files the hub lacked, numbered among the library's six.
    const sending = [...first.stderr.matchAll(/^Sending (\d)\/6: (.+)$/gm)]
    expect(sending.map((line) => line[2]).sort()).toEqual([
      'ComfyUI_00001_.png',
      'Night pier',
      'Night pier (h264-mp4).mp4',
      'clip.mp4',
      path.basename(fixtures.jpg),
    ])
    expect(new Set(sending.map((line) => line[1])).size).toBe(5)
    expect(first.stderr).toMatch(/^Workflow [123]\/3: Pier grade$/m)
    expect(first.stderr).toMatch(/^Timeline 1\/1: clip\.mp4 \(default, 2 fps\)$/m)
    expect(summaryOf(first.stdout)).toEqual({
      assets: 6,
      sent: 5,
      alreadyThere: 1,
      failed: [],
      skipped: [],
      details: {
        tags: 4,
        ratings: 1,
        notes: 1,
        collections: { created: 1, added: 2, renamed: [] },
        analyses: { added: 1, present: 0, stale: 0, tooLarge: 0 },
        processing: { added: 1, present: 0, stale: 0, tooLarge: 0 },
        subtitles: { added: 1, present: 0 },
        generation: { added: 1, refused: 0 },
        stacks: { added: 1, present: 0 },
        // The app's workflow and the pipeline go whole; the ComfyUI file's the hub read from it as it imported it.
        workflows: {
          added: 2,
          present: 1,
          definitions: { added: 3, present: 1 },
          runs: { added: 3, present: 1 },
          associations: { added: 1, present: 1 },
          refused: [],
        },
        // The clip's timeline, its root and two dedupe checkpoints (one a replay), and the two dedupe outputs.
        pipelines: {
          timelines: { added: 1, present: 0 },
          checkpoints: { added: 3, present: 0 },
          outputs: { added: 2, present: 0 },
          runs: { added: 2, present: 0 },
          tooLarge: 0,
          refused: [],
        },
      },
    })
    type Listed = { items: MediaAsset[] }
    const { items } = await call<Listed>(hub, 'media:list', {
      sort: { by: 'name', dir: 'asc' },
      limit: 10,
      view: 'full',
    })
    // By name, case aside; the renamed asset keeps its name (with its file's extension).
    expect(items.map((asset) => [asset.name, asset.rating, asset.notes])).toEqual([
      ['clip.mp4', 4, null],
      ['ComfyUI_00001_.png', 0, null],
      [path.basename(fixtures.jpg), 0, 'Colour reference'],
      [path.basename(fixtures.png), 0, null],
      ['Night pier (h264-mp4).mp4', 0, null],
      ['Night pier.webm', 0, null],
    ])
    // The generator's details came with the photo; the ComfyUI file's the hub read from the file itself.
    const photoOnHub = items.find((asset) => asset.name === path.basename(fixtures.jpg))!
    const details = await call<{ generation: Record<string, unknown> }>(hub, 'generation:get', { id: photoOnHub.id })
    expect(details.generation).toMatchObject({ ...GENERATED, jobId: null })
    const tracks = await call<SubtitleTrack[]>(hub, 'subtitles:list', { assetId: clip })
    expect(tracks.map((track) => [track.source, track.fileName, track.cues])).toEqual([
      ['sidecar', 'clip.fr.srt', FRENCH_CUES],
    ])
    const tagsOf = async (id: string) => (await call<{ tags: string[] }>(hub, 'media:get', { id })).tags
    expect(await tagsOf(held)).toEqual(['Harbour'])
    expect(await tagsOf(web)).toEqual(['night', 'Selects'])
    // The run that made the converted copy links the two on the hub.
    const { runs } = await call<{ runs: ProcessingRun[] }>(hub, 'processing:list', { assetId: made })
    expect(runs.map((run) => [run.action, run.inputAssetId, run.outputAssetId])).toEqual([['convert', web, made]])
    // ... and the copy stands under its source's card there as here.
    const stack = await call<StackView>(hub, 'stacks:of', { id: web })
    expect(stack.members.map((member) => [member.asset.id, member.reason])).toEqual([[made, 'processed']])
    // The workflow a ComfyUI file carries comes with it: the hub reads it from the file as it imports it.
    type AssetWorkflows = { workflows: Array<{ format: string; role: string }> }
    expect(await call<AssetWorkflows>(hub, 'generation:get', { id: items[1]!.id })).toMatchObject({
      workflows: [{ format: 'comfyui-ui', role: 'output' }],
    })
    // The workflow made in the app: both versions, its run and the clip on its node, each with its definition.
    const versions = await call<{ items: WorkflowVersion[] }>(hub, 'workflows:versions', { id: 'wf-pier' })
    expect(versions.items.map((version) => [version.ordinal, version.definitions, version.assets])).toEqual([
      [1, 1, 0],
      [2, 1, 0],
    ])
    const { execution, media } = await call<{ execution: Execution; media: WorkflowMedia[] }>(hub, 'executions:get', {
      id: 'run-pier',
    })
    expect([execution.workflowId, execution.status, media.map((link) => [link.asset.id, link.nodeId])]).toEqual([
      'wf-pier',
      'completed',
      [[clip, '2']],
    ])
    await expect(call(hub, 'executions:get', { id: 'run-queued' })).rejects.toThrow('No execution with id run-queued.')
    const pier = await call<{ workflow: { name: string; definitionText: string } }>(hub, 'workflows:get', {
      id: 'wf-pier',
    })
    expect(pier.workflow).toMatchObject({ name: 'Pier grade', definitionText: GRADE_SHARPENED })
    const { collections } = await call<{ collections: Collection[] }>(hub, 'collections:list', {})
    expect(collections).toMatchObject([{ name: 'Pier cut', count: 2 }])
    // The analysis computed on this machine is the hub's, valid for its copy of the file (same id: same content).
    const { analyses } = await call<{ analyses: CachedAnalysis[] }>(hub, 'analysis:list', { assetId: clip })
    expect(analyses.map((row) => [row.analyzer, row.valid])).toEqual([['loudness', true]])
    expect((await keys()).filter((key) => key.startsWith('media/')).sort()).toEqual(
      items.map((asset) => asset.filePath).sort(),
    )
    // The clip's timeline and checkpoint tree as here: frames (in the bucket), checkpoints with their runs and outputs.
    const here = openLibrary(dir)
    closing.push(() => here.close())
    const pipelinesOf = async (lib: Library) => {
      const { timelines, checkpoints, runs } = await call<PipelinesOfAsset>(lib, 'pipelines:of-asset', {
        assetId: clip,
      })
      const outputs = await Promise.all(
        checkpoints.map(async ({ id }) => (await call<{ outputs: object }>(lib, 'checkpoints:get', { id })).outputs),
      )
      return {
        timelines: timelines.map(({ contentHash, profile, fps, status, frameCount, frameBytes, createdAt }) => ({
          contentHash,
          profile,
          fps,
          status,
          frameCount,
          frameBytes,
          createdAt,
        })),
        runs: runs.map((run) => ({
          ...run,
          timelineId: undefined,
          jobId: undefined,
          fromCheckpoint: checkpoints.findIndex((node) => node.id === run.fromCheckpointId),
          fromCheckpointId: undefined,
        })),
        checkpoints: checkpoints.map((node, index) => {
          const { runId, stage, stats, configOverrides, outputKeys, cached, isScenario, scenarioLabel, pinned } = node
          const parent = checkpoints.findIndex((other) => other.id === node.parentId)
          const facts = { runId, stage, stats, configOverrides, outputKeys, cached, isScenario, scenarioLabel, pinned }
          return { ...facts, createdAt: node.createdAt, parent, outputs: outputs[index] }
        }),
      }
    }
    const pipelinesHere = await pipelinesOf(here)
    expect(pipelinesHere.checkpoints.map((node) => [node.stage, node.scenarioLabel])).toEqual([
      [null, null],
      ['dedupe_frames', null],
      ['dedupe_frames', 'loose'],
    ])
    expect(pipelinesHere.runs.map((run) => [run.kind, run.status, run.fromCheckpoint])).toEqual([
      ['replay', 'completed', 0],
      ['initial', 'completed', -1],
    ])
    expect(await pipelinesOf(hub)).toEqual(pipelinesHere)
    const frameKeys = (await keys()).filter((key) => key.startsWith('derived/timelines/'))
    expect(frameKeys).toHaveLength(pipelinesHere.timelines[0]!.frameCount)

    const again = await cli(['push', '--library', dir, ...args])
    expect(again.code).toBe(0)
    expect(again.stderr).not.toContain('Sending')
    expect(summaryOf(again.stdout)).toEqual({
      assets: 6,
      sent: 0,
      alreadyThere: 6,
      failed: [],
      skipped: [],
      details: {
        tags: 0,
        ratings: 0,
        notes: 0,
        collections: { created: 0, added: 0, renamed: [] },
        analyses: { added: 0, present: 1, stale: 0, tooLarge: 0 },
        processing: { added: 0, present: 1, stale: 0, tooLarge: 0 },
        subtitles: { added: 0, present: 1 },
        generation: { added: 0, refused: 0 },
        stacks: { added: 0, present: 1 },
        workflows: {
          added: 0,
          present: 3,
          definitions: { added: 0, present: 4 },
          runs: { added: 0, present: 4 },
          associations: { added: 0, present: 2 },
          refused: [],
        },
        pipelines: {
          timelines: { added: 0, present: 1 },
          checkpoints: { added: 0, present: 3 },
          outputs: { added: 0, present: 0 },
          runs: { added: 0, present: 2 },
          tooLarge: 0,
          refused: [],
        },
      },
    })
    expect(await call<Listed>(hub, 'media:list', { limit: 10 })).toMatchObject({ items: { length: 6 } })
  })

  it('says what it needs in words: a hub to send to, and a token', async () => {
    const dir = tempDir()
    const noHub = await cli(['push', '--library', dir])
    expect(noHub).toMatchObject({ code: 2, stderr: 'push sends a library to a hub: give --hub URL and --token T.\n' })
    const noToken = await cli(['push', '--library', dir, '--hub', 'http://127.0.0.1:9'], {
      env: { FRAMEVAULT_HUB_TOKEN: '' },
    })
    expect(noToken.code).toBe(2)
    expect(noToken.stderr).toContain('--hub needs --token T')
  })
})
