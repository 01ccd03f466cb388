import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import type { AssetWorkflow, Execution, HistoryImportResult, Job } from '../../shared/contract'
import { readGeneration } from '../../main/generation/read-generation'
import type { Library } from '../../main/services/library-context'
import { COMFY_WORKFLOW_ID } from '../fixtures/generation-fixtures'
import { call } from '../helpers/browse'
import { cli, jsonLines } from '../helpers/cli'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')
const T0 = Date.UTC(2026, 10, 20, 9, 0, 0)

/** A ComfyUI output folder holding the two fixture images, and the history ComfyUI would answer for them. */
async function comfyFolder(): Promise<{ historyPath: string; outputDir: string; saveNode: string }> {
  const root = tempDir()
  const outputDir = path.join(root, 'output')
  mkdirSync(path.join(outputDir, 'day1'), { recursive: true })
  copyFileSync(fixtures.genComfyPng, path.join(outputDir, 'ComfyUI_00001_.png'))
  copyFileSync(fixtures.genComfyPngRun2, path.join(outputDir, 'day1', 'ComfyUI_00002_.png'))
  const runs = await Promise.all(
    [fixtures.genComfyPng, fixtures.genComfyPngRun2].map((filePath) =>
      readGeneration({ filePath, mediaType: 'image' }),
    ),
  )
  const prompt = (n: number) => runs[n]!.apiPrompt as Record<string, { class_type: string }>
  const saveNode = Object.keys(prompt(0)).find((id) => prompt(0)[id]!.class_type === 'SaveImage')!
  const extra = { extra_pnginfo: { workflow: runs[0]!.workflow!.definition } }
  const status = (id: string, start: number, end: [string, object]) => ({
    status_str: end[0] === 'execution_success' ? 'success' : 'error',
    completed: end[0] === 'execution_success',
    messages: [
      ['execution_start', { prompt_id: id, timestamp: start }],
      ['execution_cached', { prompt_id: id, nodes: ['4'], timestamp: start + 1 }],
      [end[0], { prompt_id: id, timestamp: start + 5000, ...end[1] }],
    ],
  })
  const image = (filename: string, subfolder = '', type = 'output') => ({ filename, subfolder, type })
  const history = {
    'run-1': {
      prompt: [1, 'run-1', prompt(0), extra, [saveNode]],
      outputs: {
        [saveNode]: { images: [image('ComfyUI_00001_.png')] },
        '99': { images: [image('prev.png', '', 'temp')] },
      },
      status: status('run-1', T0, ['execution_success', {}]),
    },
    'run-2': {
      prompt: [2, 'run-2', prompt(1), extra, [saveNode]],
      outputs: { [saveNode]: { images: [image('ComfyUI_00002_.png', 'day1')] } },
      status: status('run-2', T0 + 60_000, ['execution_success', {}]),
    },
    'run-3': {
      prompt: [3, 'run-3', prompt(1), extra, [saveNode]],
      outputs: {},
      status: status('run-3', T0 + 120_000, [
        'execution_error',
        {
          node_id: '3',
          node_type: 'KSampler',
          exception_message: 'CUDA out of memory',
          exception_type: 'OutOfMemoryError',
        },
      ]),
    },
    'run-4': {
      prompt: [4, 'run-4', prompt(0), extra, [saveNode]],
      outputs: { [saveNode]: { images: [image('deleted_since.png'), image('id_rsa', '../../.ssh')] } },
      status: status('run-4', T0 + 180_000, ['execution_success', {}]),
    },
  }
  const historyPath = path.join(root, 'history.json')
  writeFileSync(historyPath, JSON.stringify(history))
  return { historyPath, outputDir, saveNode }
}

async function importHistory(lib: Library, folder: { historyPath: string; outputDir: string }): Promise<Job> {
  const { historyPath, outputDir } = folder
  const { job } = await call<{ job: Job }>(lib, 'history:import', { historyPath, outputDir })
  await lib.jobs.settled(job.id)
  return (await lib.jobs.get(job.id)) as Job
}

describe('history:import', () => {
  it('makes each prompt id an execution and files each saved output on its node and run, once', async () => {
    const lib = testLibrary()
    const folder = await comfyFolder()
    const job = await importHistory(lib, folder)
    expect(job.state).toBe('done')
    expect(job.result).toEqual({
      executions: 4,
      created: 4,
      workflows: 1,
      files: { imported: 2, duplicates: 0, missing: 1, failed: 0, previews: 1 },
      problems: ['run-4: ../../.ssh/id_rsa leads out of the output folder.'],
    })
    // A workflow met first in a history is named as an imported file's would be: by what it does, never a prompt.
    const { workflow } = await call<{ workflow: { name: string } }>(lib, 'workflows:get', { id: COMFY_WORKFLOW_ID })
    expect(workflow.name).toBe('v1-5-pruned-emaonly → image')
    const { items } = await call<{ items: Execution[] }>(lib, 'executions:list', { workflowId: COMFY_WORKFLOW_ID })
    // The runs the files' own tags made were replaced by the history's, keyed by prompt id.
    expect(items.map((run) => [run.id, run.status]).sort()).toEqual([
      ['run-1', 'completed'],
      ['run-2', 'completed'],
      ['run-3', 'failed'],
      ['run-4', 'completed'],
    ])
    const failed = items.find((run) => run.id === 'run-3')!
    expect(failed).toMatchObject({
      startedAt: new Date(T0 + 120_000).toISOString(),
      completedAt: new Date(T0 + 125_000).toISOString(),
      error: 'CUDA out of memory (node 3, KSampler)',
    })
    expect(failed.executionData).toMatchObject({ cachedNodes: ['4'], number: 3 })

    const asset = (await lib.catalog.repos.media.byOriginalPath(
      path.join(folder.outputDir, 'day1', 'ComfyUI_00002_.png'),
    ))!
    const { workflows } = await call<{ workflows: AssetWorkflow[] }>(lib, 'generation:get', { id: asset.id })
    expect(workflows).toEqual([
      expect.objectContaining({
        workflowId: COMFY_WORKFLOW_ID,
        nodeId: folder.saveNode,
        nodeType: 'SaveImage',
        executionId: 'run-2',
        role: 'output',
      }),
    ])

    const again = await importHistory(lib, folder)
    expect(again.result).toMatchObject({ created: 0, files: { imported: 0, duplicates: 2, missing: 1 } })
    const after = await call<{ items: Execution[] }>(lib, 'executions:list', { workflowId: COMFY_WORKFLOW_ID })
    expect(after.items).toHaveLength(4)
  })

  it('refuses a file that is not JSON, and paths outside the allowed folders, in words', async () => {
    const folder = await comfyFolder()
    writeFileSync(folder.historyPath, '{"run-1": {"prompt": [1,')
    const lib = testLibrary()
    const job = await importHistory(lib, folder)
    expect(job).toMatchObject({ state: 'failed', error: expect.stringMatching(/is not JSON/) })
    const gated = testLibrary(undefined, { allowedPaths: [tempDir()] })
    const request = { historyPath: folder.historyPath, outputDir: folder.outputDir }
    await expect(call(gated, 'history:import', request)).rejects.toThrow(/outside the folders/)
  })

  it('runs from the CLI: import-comfy-history prints what it did; without --outputs it is a usage error', async () => {
    const folder = await comfyFolder()
    const dir = tempDir()
    const run = await cli(['import-comfy-history', folder.historyPath, '--outputs', folder.outputDir, '--library', dir])
    expect(run.code).toBe(0)
    expect(jsonLines<HistoryImportResult>(run.stdout)).toEqual([
      expect.objectContaining({ executions: 4, created: 4, files: expect.objectContaining({ imported: 2 }) }),
    ])
    const usage = await cli(['import-comfy-history', folder.historyPath, '--library', dir])
    expect(usage.code).toBe(2)
    expect(usage.stderr).toMatch(/needs --outputs DIR/)
  })
})
