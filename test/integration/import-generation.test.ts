import { describe, expect, inject, it } from 'vitest'
import type { AssetWorkflow, Execution, Generation, MediaAsset, WorkflowSummary } from '../../shared/contract'
import type { Library } from '../../main/services/library-context'
import { COMFY_WORKFLOW_ID, GENERATION, VHS_WORKFLOW_ID } from '../fixtures/generation-fixtures'
import { call } from '../helpers/browse'
import { importAndWait, itemFor } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'

const fixtures = inject('fixtures')

type AssetGeneration = { generation: Generation | null; workflows: AssetWorkflow[] }

/** Imports files and answers each one's asset id, by path. */
async function imported(lib: Library, files: string[]): Promise<string[]> {
  const { items } = await importAndWait(lib, files)
  return files.map((file) => itemFor(items, file).asset!.id)
}

const generationOf = (lib: Library, id: string) => call<AssetGeneration>(lib, 'generation:get', { id })
const workflows = async (lib: Library) =>
  (await call<{ items: WorkflowSummary[] }>(lib, 'workflows:list', { limit: 100, offset: 0 })).items

describe('import: generation provenance', () => {
  it('gives two images of one ComfyUI workflow one workflow row, an execution each, on the save node', async () => {
    const lib = testLibrary()
    const [a, b] = await imported(lib, [fixtures.genComfyPng, fixtures.genComfyPngRun2])
    // Named by what it does (its model and save node): the workflow carries no title, and a prompt names one run.
    expect((await workflows(lib)).map((w) => [w.id, w.format, w.name])).toEqual([
      [COMFY_WORKFLOW_ID, 'comfyui-ui', 'v1-5-pruned-emaonly → image'],
    ])
    const first = await generationOf(lib, a!)
    const second = await generationOf(lib, b!)
    expect(first.generation).toMatchObject({
      provider: 'comfyui',
      model: GENERATION.comfyRunA.ckpt,
      prompt: GENERATION.comfyRunA.positive,
      negativePrompt: GENERATION.comfyRunA.negative,
      seed: String(GENERATION.comfyRunA.seed),
      status: 'completed',
    })
    expect(second.generation).toMatchObject({ seed: '42' })
    for (const { workflows: nodes } of [first, second]) {
      expect(nodes).toEqual([
        expect.objectContaining({ workflowId: COMFY_WORKFLOW_ID, nodeType: 'SaveImage', role: 'output' }),
      ])
    }
    // Runs with other seeds are executions of the one workflow, not new workflows.
    expect(first.workflows[0]!.executionId).not.toBe(second.workflows[0]!.executionId)
    expect(first.workflows[0]!.executionStatus).toBe('completed')
    // A PNG says nothing of when it ran: no times, and the import's clock is not the workflow's last run.
    const runs = await call<{ items: Execution[] }>(lib, 'executions:list', { workflowId: COMFY_WORKFLOW_ID })
    expect(runs.items.map((run) => [run.startedAt, run.completedAt])).toEqual([
      [null, null],
      [null, null],
    ])
    expect((await workflows(lib))[0]!.lastExecutedAt).toBeNull()

    // Importing the same bytes again is a duplicate: no second association.
    await importAndWait(lib, [fixtures.genComfyPng])
    expect((await generationOf(lib, a!)).workflows).toHaveLength(1)
  })

  it('reads a VideoHelperSuite clip: prompt, seed and LoRA, its VHS_VideoCombine node, and the prompt found by search', async () => {
    const lib = testLibrary()
    const [clip] = await imported(lib, [fixtures.genVhsMp4])
    const { generation, workflows: nodes } = await generationOf(lib, clip!)
    expect(generation).toMatchObject({ provider: 'comfyui', model: 'dreamshaper_8.safetensors' })
    expect(generation!.prompt).toBe('a paper boat drifting on a stormy sea, cinematic')
    expect(generation!.generationParams).toMatchObject({
      steps: 25,
      cfg: 7.5,
      loras: [{ name: 'add_detail.safetensors', weight: 0.7 }],
    })
    expect(nodes).toEqual([expect.objectContaining({ workflowId: VHS_WORKFLOW_ID, nodeType: 'VHS_VideoCombine' })])
    const { items } = await call<{ items: MediaAsset[] }>(lib, 'media:list', { query: 'paper boat' })
    expect(items.map((asset) => asset.id)).toEqual([clip])
  })

  it('keeps an Automatic1111 image’s details without a workflow, and a plain clip without either', async () => {
    const lib = testLibrary()
    const [a1111, plain] = await imported(lib, [fixtures.genA1111Png, fixtures.mp4])
    const details = await generationOf(lib, a1111!)
    expect(details.generation).toMatchObject({ provider: 'automatic1111' })
    expect(details.generation!.prompt).toBeTruthy()
    expect(details.workflows).toEqual([])
    expect(await generationOf(lib, plain!)).toEqual({ generation: null, workflows: [] })
    expect(await workflows(lib)).toEqual([])
  })

  it('imports a clip whose workflow tag is cut off, noting the broken tag with the asset', async () => {
    const lib = testLibrary()
    const [damaged] = await imported(lib, [fixtures.genDamagedTagMp4])
    const asset = (await lib.catalog.repos.media.get(damaged!))!
    expect(asset.metadata!.generationProblems).toEqual([expect.stringMatching(/workflow/i)])
    expect((await generationOf(lib, damaged!)).generation!.prompt).toBeTruthy()
  })
})
