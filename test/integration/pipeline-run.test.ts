import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Job, PipelineRunResult } from '../../shared/contract'
import type { Library } from '../../main/services/library-context'
import { resolveMediaTools } from '../../main/media/media-tools'
import { DEFAULT_PIPELINE_ID } from '../../shared/pipeline-stages'
import { getCheckpoint } from '../../main/services/pipelines/checkpoints'
import { runStage } from '../../main/services/pipelines/run-stages'
import { writeWordClip } from '../fixtures/on-screen-word-clip'
import { call, type Page } from '../helpers/browse'
import { clearToolStarts, countingTool, toolStarts } from '../helpers/counting-tools'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

// Issue 19: a clip with ACME on screen from 3 s to 5 s; the pipeline finds it there, and replays reuse what did
// not change (counted tool starts: none for frames, dedupe_frames and text when only match changes).

async function finished(lib: Library, started: { job: Job }): Promise<PipelineRunResult> {
  await lib.jobs.settled(started.job.id)
  const job = await lib.jobs.get(started.job.id)
  if (job.kind !== 'pipeline-run' || job.state !== 'done' || !job.result)
    throw new Error(`run ended ${job.state}: ${job.error}`)
  return job.result
}

async function wordLibrary() {
  const dir = tempDir()
  const log = path.join(dir, 'starts.log')
  const real = resolveMediaTools()
  const tools = {
    ffmpeg: countingTool(dir, 'ffmpeg', real.ffmpeg, log),
    ffprobe: real.ffprobe,
    tesseract: countingTool(dir, 'tesseract', 'tesseract', log),
  }
  const lib = testLibrary(path.join(dir, 'library'), { ingest: { tools, thumbnailsAfterImport: false } })
  const { items } = await importAndWait(lib, [writeWordClip(dir)])
  clearToolStarts(log)
  return { lib, log, assetId: items[0]!.asset!.id }
}

const detections = async (lib: Library, checkpointId: number) =>
  (
    await call<{ outputs: { match: { detections: { term: string; first_seen: number; last_seen: number }[] } } }>(
      lib,
      'checkpoints:get',
      { id: checkpointId },
    )
  ).outputs.match.detections

describe('pipeline runs', () => {
  it('find a word on screen from 3 s to 5 s, then replay only what changed', { timeout: 120_000 }, async () => {
    const { lib, log, assetId } = await wordLibrary()
    const first = await finished(
      lib,
      await call(lib, 'pipelines:run', {
        assetId,
        stages: ['frames', 'dedupe_frames', 'text', 'match'],
        config: { match: { terms: ['ACME', 'nowhere'] } },
      }),
    )
    expect(first.ran).toEqual(['frames', 'dedupe_frames', 'text', 'match'])
    const [acme, ...others] = await detections(lib, first.checkpointIds.at(-1)!)
    expect(others).toEqual([])
    expect(acme!.term).toBe('ACME')
    // ±1 frame interval at 2 fps.
    expect(Math.abs(acme!.first_seen - 3)).toBeLessThanOrEqual(0.5)
    expect(Math.abs(acme!.last_seen - 5)).toBeLessThanOrEqual(0.5)
    // The words read join the library's search text.
    const found = await call<Page>(lib, 'media:list', { query: 'acme', limit: 10 })
    expect(found.items.map((item) => item.id)).toEqual([assetId])
    const starts = toolStarts(log)
    expect(starts.ffmpeg).toBeGreaterThanOrEqual(1)
    // Lines are read in batches: the one line of ACME in one Tesseract run at least.
    expect(starts.tesseract).toBeGreaterThanOrEqual(1)

    // Another match list from the root: frames, dedupe_frames and text come from the cache, no tool starts.
    clearToolStarts(log)
    const [root, , textCheckpoint] = first.checkpointIds
    const replay = await finished(
      lib,
      await call(lib, 'checkpoints:replay', { id: root, config: { match: { terms: ['acme'], mode: 'exact' } } }),
    )
    expect(replay.ran).toEqual(['match'])
    expect(replay.cached).toEqual(['dedupe_frames', 'text'])
    expect(toolStarts(log)).toEqual({})
    expect(await detections(lib, replay.checkpointIds.at(-1)!)).toEqual([])

    // From the text checkpoint: only match, as a new child of it.
    const branch = await finished(
      lib,
      await call(lib, 'checkpoints:replay', {
        id: textCheckpoint,
        config: { match: { terms: ['ACNE'], mode: 'fuzzy', max_distance: 1 } },
      }),
    )
    expect(branch.ran).toEqual(['match'])
    expect(toolStarts(log)).toEqual({})
    const [fuzzy] = await detections(lib, branch.checkpointIds[0]!)
    expect(fuzzy).toMatchObject({ term: 'ACNE' })
    const { checkpoints } = await call<{ checkpoints: { id: number; parentId: number | null }[] }>(
      lib,
      'pipelines:of-asset',
      { assetId },
    )
    expect(checkpoints.find((one) => one.id === branch.checkpointIds[0])!.parentId).toBe(textCheckpoint)
    expect(checkpoints.filter((one) => one.parentId === root)).toHaveLength(2)

    // Another fps makes another timeline, sampled anew.
    const other = await finished(
      lib,
      await call(lib, 'checkpoints:replay', {
        id: root,
        config: { frames: { fps: 4 }, match: { terms: ['ACME'] } },
        stages: ['dedupe_frames', 'text', 'match'],
      }),
    )
    expect(other.timelineId).not.toBe(first.timelineId)
    expect(other.ran).toEqual(['frames', 'dedupe_frames', 'text', 'match'])
    // One pass samples the frames, one more decodes the source for the text stage.
    expect(toolStarts(log).ffmpeg).toBe(2)

    // The default pipeline runs by its id (a workflow from its first run on), with the terms given.
    const byWorkflow = await finished(
      lib,
      await call(lib, 'pipelines:run', {
        assetId,
        workflowId: DEFAULT_PIPELINE_ID,
        config: { match: { terms: ['ACME'] } },
      }),
    )
    expect(byWorkflow).toMatchObject({ ran: ['match'], cached: ['frames', 'dedupe_frames', 'text'] })
    const { runs } = await call<{ runs: { workflowId: string }[] }>(lib, 'pipelines:of-asset', { assetId })
    expect(runs[0]!.workflowId).toBe(DEFAULT_PIPELINE_ID)
  })
  it('gives back the checkpoint a stage of a run saved when the stage runs again (a stage job retried)', async () => {
    const { lib, assetId } = await wordLibrary()
    const started = await call<{ job: Job; executionId: string }>(lib, 'pipelines:run', {
      assetId,
      stages: ['frames', 'dedupe_frames'],
    })
    const first = await finished(lib, started)
    const [root, deduped] = first.checkpointIds
    const step = {
      executionId: started.executionId,
      asset: (await lib.catalog.repos.media.get(assetId))!,
      config: {},
      current: (await getCheckpoint(lib.catalog.repos, root!))!,
      stage: 'dedupe_frames' as const,
    }
    const signal = new AbortController().signal
    const again = await runStage(lib, step, { signal, progress: () => {} })
    expect(again).toMatchObject({ checkpoint: { id: deduped }, cached: false })
    expect(await lib.catalog.repos.checkpoints.ofTimeline(first.timelineId)).toHaveLength(2)
  })
})
