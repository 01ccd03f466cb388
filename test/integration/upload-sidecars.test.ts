import { createReadStream } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import type { AssetWorkflow, Generation, ImportItem, ImportJob } from '../../shared/contract'
import { dispatch } from '../../main/dispatch'
import type { Library } from '../../main/services/library-context'
import { GENERATION, VHS_WORKFLOW_ID } from '../fixtures/generation-fixtures'
import { call } from '../helpers/browse'
import { importAndWait, itemFor } from '../helpers/ingest'
import { testLibrary, tmpFiles } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

const fx = inject('fixtures')
const VHS = GENERATION.vhs(90210)

type AssetGeneration = { generation: Generation | null; workflows: AssetWorkflow[] }

/** Uploads `files` (path and the name the drop gives it) in this order and imports them as one drop; its outcomes. */
async function uploadAndImport(lib: Library, files: Array<[file: string, name: string]>): Promise<ImportItem[]> {
  const refs = []
  for (const [file, name] of files) {
    const { uploadId } = await lib.uploads.receive(createReadStream(file), name)
    refs.push({ uploadId, name })
  }
  const started = await dispatch(lib, 'media:import-uploads', { uploads: refs })
  if (!started.ok) throw new Error(started.error.message)
  await lib.importer.idle()
  await lib.importer.thumbnailsIdle()
  const { job } = started.data as { job: ImportJob }
  return call<{ items: ImportItem[] }>(lib, 'import:get', { jobId: job.id }).then((done) => done.items)
}

const assetOf = (items: ImportItem[], name: string) => items.find((item) => item.name === name)!.asset!.id
const generationOf = (lib: Library, id: string) => call<AssetGeneration>(lib, 'generation:get', { id })

/** What an asset's generation says, without what differs per import (its times and run ids). */
async function facts(lib: Library, id: string) {
  const { generation, workflows } = await generationOf(lib, id)
  if (!generation) return null
  const { provider, model, prompt, negativePrompt, seed, generationParams, status } = generation
  const nodes = workflows.map(({ workflowId, name, format, nodeId, nodeType, role }) => ({
    ...{ workflowId, name, format, nodeId, nodeType, role },
  }))
  return { provider, model, prompt, negativePrompt, seed, generationParams, status, workflows: nodes }
}

const VIDEO = path.basename(fx.genVhsSidecarMp4)
const PNG = path.basename(fx.genVhsSidecarPng)

describe('uploads: a video and the VideoHelperSuite PNG of one drop are paired by name', () => {
  it('gives the video the PNG’s prompt, seed and workflow, as importing the folder by path does, in either order', async () => {
    const byPath = testLibrary()
    const { items: pathItems } = await importAndWait(byPath, [fx.genVhsSidecarMp4, fx.genVhsSidecarPng])
    const expected = await facts(byPath, itemFor(pathItems, fx.genVhsSidecarMp4).asset!.id)
    expect(expected).toMatchObject({
      provider: 'comfyui',
      prompt: VHS.positive,
      negativePrompt: VHS.negative,
      seed: '90210',
      workflows: [{ workflowId: VHS_WORKFLOW_ID, nodeType: 'VHS_VideoCombine', role: 'output' }],
    })

    for (const order of [
      [fx.genVhsSidecarPng, fx.genVhsSidecarMp4],
      [fx.genVhsSidecarMp4, fx.genVhsSidecarPng],
    ]) {
      const lib = testLibrary()
      const items = await uploadAndImport(
        lib,
        order.map((file) => [file, path.basename(file)]),
      )
      // The PNG is an asset of its own, as the path import makes it.
      expect(items.map((item) => [item.name, item.outcome]).sort()).toEqual([
        [VIDEO, 'imported'],
        [PNG, 'imported'],
      ])
      expect(items.map((item) => item.asset!.id).sort()).toEqual(pathItems.map((item) => item.asset!.id).sort())
      expect(await facts(lib, assetOf(items, VIDEO))).toEqual(expected)
      expect(await facts(lib, assetOf(items, PNG))).toEqual(
        await facts(byPath, itemFor(pathItems, fx.genVhsSidecarPng).asset!.id),
      )
      // The PNG's upload, kept for the video to read, is gone with the job.
      expect(tmpFiles(lib)).toEqual([])
    }
  })

  it('pairs `<stem>.mp4` with `<stem>.png` under the names the drop gives; another stem’s PNG is no sidecar', async () => {
    const lib = testLibrary()
    const items = await uploadAndImport(lib, [
      [fx.genVhsSidecarMp4, 'clip_00001.mp4'],
      [fx.genVhsSidecarPng, 'clip_00001.png'],
      [fx.mp4, 'clip_00002.mp4'],
    ])
    expect(await facts(lib, assetOf(items, 'clip_00001.mp4'))).toMatchObject({ prompt: VHS.positive, seed: '90210' })
    expect(await facts(lib, assetOf(items, 'clip_00002.mp4'))).toBeNull()
  })

  it('keeps the PNG’s upload for a video read long after the PNG itself was imported', async () => {
    // Two files at a time: the PNG ends while the clip ahead of the video still runs, and only then is the video read.
    const lib = testLibrary(tempDir(), { ingest: { concurrency: 1 } })
    const items = await uploadAndImport(lib, [
      [fx.genVhsSidecarPng, PNG],
      [fx.mp4, 'other.mp4'],
      [fx.genVhsSidecarMp4, VIDEO],
    ])
    expect(await facts(lib, assetOf(items, VIDEO))).toMatchObject({ prompt: VHS.positive, seed: '90210' })
    expect(tmpFiles(lib)).toEqual([])
  })

  it('pairs nothing when the PNG is missing from the drop or its name is given twice', async () => {
    const alone = testLibrary()
    const items = await uploadAndImport(alone, [[fx.genVhsSidecarMp4, VIDEO]])
    expect(await generationOf(alone, assetOf(items, VIDEO))).toEqual({ generation: null, workflows: [] })

    // Two folders' PNGs under one name: which lay beside the video is lost, so neither is taken.
    const twice = testLibrary()
    const both = await uploadAndImport(twice, [
      [fx.genVhsSidecarMp4, VIDEO],
      [fx.genVhsSidecarPng, PNG],
      [fx.genComfyPng, PNG],
    ])
    expect(both.map((item) => item.outcome)).toEqual(['imported', 'imported', 'imported'])
    expect(await generationOf(twice, assetOf(both, VIDEO))).toEqual({ generation: null, workflows: [] })
    expect(tmpFiles(twice)).toEqual([])
  })
})
