import { createReadStream } from 'node:fs'
import { describe, expect, inject, it } from 'vitest'
import type { CheckpointNode, Job, PipelineRunResult } from '../../shared/contract'
import type { Library, LocalLibrary } from '../../main/services/library-context'
import { openLibrary } from '../../main/app/open-library'
import { libraryBackend } from '../../main/cli/cli-backend'
import { noPipelines, pushPipelines } from '../../main/services/push/push-pipelines'
import type { RemoteBackend } from '../../main/cli/remote-backend'
import { frameStore } from '../../main/services/pipelines/timelines'
import { call } from '../helpers/browse'
import { importAndWait } from '../helpers/ingest'
import { librariesOfBothEngines } from '../helpers/both-engines'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')

const { libraries, closeAfter } = librariesOfBothEngines()

async function finished(lib: Library, started: { job: Job }): Promise<PipelineRunResult> {
  await lib.jobs.settled(started.job.id)
  const job = await lib.jobs.get(started.job.id)
  if (job.kind !== 'pipeline-run' || job.state !== 'done' || !job.result) throw new Error(`run ended ${job.state}`)
  return job.result
}

/** A library whose clip has a timeline and a checkpoint tree: frames, dedupe, and a replay branching off the frames. */
async function sampledLibrary(): Promise<{ source: LocalLibrary; assetId: string }> {
  const source = closeAfter(openLibrary(tempDir()))
  const { items } = await importAndWait(source, [fixtures.mp4])
  const assetId = items[0]!.asset!.id
  const first = await finished(
    source,
    await call(source, 'pipelines:run', { assetId, stages: ['frames', 'dedupe_frames'] }),
  )
  await finished(
    source,
    await call(source, 'checkpoints:replay', {
      id: first.checkpointIds[0]!,
      config: { dedupe_frames: { max_distance: 40 } },
      label: 'loose',
    }),
  )
  return { source, assetId }
}

/** What `push` sends of a timeline: its facts, and each frame's JPEG as an upload to `lib`. */
async function timelinePut(source: LocalLibrary, sourceAsset: string, lib: Library, assetId: string) {
  const [timeline] = await source.catalog.repos.timelines.ofVideo(sourceAsset)
  const frames = await source.catalog.repos.timelines.frames(timeline!.id)
  const store = frameStore(source)
  const uploads: Array<{ uploadId: string }> = []
  for (const frame of frames) {
    const file = await store.localFile(frame.frameKey)
    uploads.push(await lib.uploads.receive(createReadStream(file), `${frame.sequence}.jpg`))
  }
  return {
    timeline: timeline!,
    input: {
      assetId,
      contentHash: timeline!.contentHash,
      profile: timeline!.profile,
      fps: timeline!.fps,
      createdAt: timeline!.createdAt,
      last: true,
      frames: frames.map(({ sequence, chunkId, timestamp, perceptualHash, hashQuality }, index) => ({
        sequence,
        chunkId,
        timestamp,
        perceptualHash,
        hashQuality,
        uploadId: uploads[index]!.uploadId,
      })),
    },
  }
}

/** A checkpoint tree as its shape: each node's parent's stage path, stage, stats, output keys, label and pin. */
function shapeOf(checkpoints: CheckpointNode[]) {
  const byId = new Map(checkpoints.map((node) => [node.id, node]))
  const pathOf = (node: CheckpointNode): string =>
    node.parentId === null ? 'root' : `${pathOf(byId.get(node.parentId)!)}/${node.stage}@${node.createdAt}`
  return checkpoints
    .map((node) => ({
      path: pathOf(node),
      stats: node.stats,
      outputKeys: node.outputKeys,
      scenarioLabel: node.scenarioLabel,
      pinned: node.pinned,
    }))
    .sort((a, b) => (a.path < b.path ? -1 : 1))
}

describe.each(Object.entries(libraries))('timelines:put and checkpoints:put, on %s', (_, open) => {
  it(
    'take a timeline sampled elsewhere, its frames and its checkpoint tree, once, each checkpoint with its outputs',
    { timeout: 120_000 },
    async () => {
      const { source, assetId: sourceAsset } = await sampledLibrary()
      const lib = await open()
      const { items } = await importAndWait(lib, [fixtures.mp4, fixtures.png])
      const [clip, still] = items.map((item) => item.asset!.id)

      const { timeline, input } = await timelinePut(source, sourceAsset, lib, clip!)
      // In two parts, as a push sends a long timeline; until the last, the timeline is not made.
      const half = Math.floor(input.frames.length / 2)
      const part = { ...input, frames: input.frames.slice(0, half), last: false }
      const started = await call<{ timelineId: number; added: boolean }>(lib, 'timelines:put', part)
      expect((await lib.catalog.repos.timelines.get(started.timelineId))!.status).toBe('created')
      const put = await call<{ timelineId: number; added: boolean }>(lib, 'timelines:put', {
        ...input,
        frames: input.frames.slice(half),
      })
      expect(put).toEqual({ timelineId: started.timelineId, added: true })
      expect(await lib.catalog.repos.timelines.get(put.timelineId)).toMatchObject({
        status: 'ready',
        frameCount: timeline.frameCount,
        frameBytes: timeline.frameBytes,
      })
      const framesOf = async (of: Library, id: number) =>
        (await call<{ frames: unknown[] }>(of, 'timelines:frames', { timelineId: id })).frames
      expect(await framesOf(lib, put.timelineId)).toEqual(await framesOf(source, timeline.id))
      const [theirs, ours] = await Promise.all([
        source.catalog.repos.timelines.frames(timeline.id),
        lib.catalog.repos.timelines.frames(put.timelineId),
      ])
      expect(await frameStore(lib).get(ours[3]!.frameKey)).toEqual(await frameStore(source).get(theirs[3]!.frameKey))
      // Put again: the timeline is there, the new uploads are dropped.
      const again = await timelinePut(source, sourceAsset, lib, clip!)
      expect(await call(lib, 'timelines:put', again.input)).toEqual({ timelineId: put.timelineId, added: false })
      expect(lib.uploads.pendingBytes()).toBe(0)
      const other = await timelinePut(source, sourceAsset, lib, still!)
      await expect(call(lib, 'timelines:put', other.input)).rejects.toThrow(/validation.*other content/)

      const { checkpoints } = await call<{ checkpoints: CheckpointNode[] }>(source, 'pipelines:of-asset', {
        assetId: sourceAsset,
      })
      const keys = [...new Set(checkpoints.flatMap((node) => Object.values(node.outputKeys)))]
      const outputs = await Promise.all(keys.map((key) => source.catalog.repos.checkpoints.output(key)))
      const { runs } = await call<{ runs: Array<Record<string, unknown>> }>(source, 'pipelines:of-asset', {
        assetId: sourceAsset,
      })
      const pushed = {
        timelineId: put.timelineId,
        runs: runs.map((run) => ({
          executionId: run.executionId,
          kind: run.kind,
          fromCheckpointRef: run.fromCheckpointId,
          stages: run.stages,
          config: JSON.stringify(run.config),
          createdAt: run.createdAt,
        })),
        outputs: outputs.map((row) => {
          const { key, stage, version, contentHash, configHash, inputKeys, output, createdAt } = row!
          return { key, stage, version, contentHash, configHash, inputKeys, output: JSON.stringify(output), createdAt }
        }),
        checkpoints: checkpoints.map((node) => ({
          ref: node.id,
          parentRef: node.parentId,
          runId: node.runId,
          stage: node.stage,
          stats: JSON.stringify(node.stats),
          configOverrides: JSON.stringify(node.configOverrides),
          outputKeys: Object.entries(node.outputKeys).map(([stage, key]) => ({ stage, key })),
          cached: node.cached,
          scenarioLabel: node.scenarioLabel,
          pinned: node.pinned,
          createdAt: node.createdAt,
        })),
      }
      const sent = await call<{ ids: number[][]; checkpoints: object; outputs: object; runs: object }>(
        lib,
        'checkpoints:put',
        pushed,
      )
      // The runs that made them have no execution here (this library holds no workflows of the other's).
      expect(sent.runs).toEqual({ added: 0, present: 0 })
      expect(sent.checkpoints).toEqual({ added: checkpoints.length, present: 0 })
      expect(sent.outputs).toEqual({ added: keys.length, present: 0 })
      const here = await call<{ checkpoints: CheckpointNode[] }>(lib, 'pipelines:of-asset', { assetId: clip })
      expect(shapeOf(here.checkpoints)).toEqual(shapeOf(checkpoints))
      const last = checkpoints.at(-1)!
      const lastHere = new Map(sent.ids.map(([ref, id]) => [ref, id])).get(last.id)!
      const outputsOf = async (of: Library, id: number) =>
        (await call<{ outputs: Record<string, unknown> }>(of, 'checkpoints:get', { id })).outputs
      expect(await outputsOf(lib, lastHere)).toEqual(await outputsOf(source, last.id))
      expect(Object.keys(await outputsOf(lib, lastHere))).toEqual(['dedupe_frames'])
      // Again, in two calls: the second names the parents the first sent by their ids here.
      const [head, ...rest] = pushed.checkpoints
      const first = await call<{ ids: number[][] }>(lib, 'checkpoints:put', {
        ...pushed,
        outputs: [],
        checkpoints: [head],
      })
      const second = await call<{ checkpoints: object }>(lib, 'checkpoints:put', {
        ...pushed,
        outputs: [],
        known: first.ids.map(([ref, id]) => ({ ref, id })),
        checkpoints: rest,
      })
      expect(second.checkpoints).toEqual({ added: 0, present: rest.length })
      await expect(call(lib, 'checkpoints:put', { ...pushed, outputs: [], checkpoints: rest })).rejects.toThrow(
        /validation.*before its parent/,
      )
    },
  )
})

describe('push of pipelines', () => {
  it('notes a timeline the hub refuses (made from other content than the file) and goes on', async () => {
    const { source, assetId } = await sampledLibrary()
    const hubLib = await libraries['a hub (PostgreSQL)']!()
    const { items } = await importAndWait(hubLib, [fixtures.mp4])
    const hub: RemoteBackend = {
      ...libraryBackend(hubLib),
      upload: async (file, name) => ({
        uploadId: (await hubLib.uploads.receive(createReadStream(file), name)).uploadId,
        name,
      }),
    }
    // The timeline as if sampled after the file changed here: its content is no longer the asset's.
    source.sqlite.db.prepare(`UPDATE timelines SET content_hash = ?`).run(`sha256:${'1'.repeat(64)}`)
    const tally = noPipelines()
    await pushPipelines({ lib: source, hub }, new Map([[assetId, items[0]!.asset!.id]]), tally, {
      report: () => undefined,
      signal: new AbortController().signal,
    })
    expect(tally.refused).toEqual([{ id: assetId, name: 'clip.mp4', reason: expect.stringMatching(/other content/) }])
    expect(tally.timelines).toEqual({ added: 0, present: 0 })
    expect(hubLib.uploads.pendingBytes()).toBe(0)
  })
})
