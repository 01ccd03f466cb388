import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import type { AssetWorkflow, Generation, GeneratedImportResult } from '../../shared/contract'
import { openLibrary } from '../../main/app/open-library'
import { call } from '../helpers/browse'
import { cli, jsonLines } from '../helpers/cli'
import { tempDir } from '../helpers/temp-dir'

const fx = inject('fixtures')
// ComfyUI's API format: the save node's inputs name the decoder by [node, output].
const WORKFLOW = {
  '3': { class_type: 'KSampler', inputs: { seed: 1, steps: 20 } },
  '8': { class_type: 'VAEDecode', inputs: { samples: ['3', 0] } },
  '9': { class_type: 'VHS_VideoCombine', inputs: { images: ['8', 0], frame_rate: 8 } },
}
// Written as JSON text, so the seed keeps all 20 digits only if the CLI reads them from the text.
const DETAILS = `{
  "provider": "comfyui", "model": "wan2.1.safetensors", "prompt": "a red kite over dunes",
  "seed": 18446744073709551615, "generationParams": {"steps": 20, "loras": [{"name": "sand", "weight": 0.5}]}
}`

function files(dir: string) {
  const generation = path.join(dir, 'generation.json')
  const workflow = path.join(dir, 'workflow.json')
  writeFileSync(generation, DETAILS)
  writeFileSync(workflow, JSON.stringify(WORKFLOW))
  return { generation, workflow }
}

describe('CLI import --generation --workflow --node', () => {
  it('imports one file with its details and node, and prints what it did', async () => {
    const dir = tempDir()
    const library = path.join(dir, 'lib')
    const { generation, workflow } = files(dir)
    const args = ['--generation', generation, '--workflow', workflow, '--node', '9', '--role', 'output']
    const run = await cli(['import', '--library', library, '--no-thumbnails', ...args, '--execution', 'p-1', fx.mp4])
    expect(run).toMatchObject({ code: 0, stderr: '' })
    const [printed] = jsonLines<GeneratedImportResult>(run.stdout)
    expect(printed).toMatchObject({
      outcome: 'imported',
      nodeId: '9',
      nodeType: 'VHS_VideoCombine',
      executionId: 'p-1',
      executionCreated: true,
    })
    const lib = openLibrary(library)
    try {
      const got = await call<{ generation: Generation; workflows: AssetWorkflow[] }>(lib, 'generation:get', {
        id: printed!.assetId,
      })
      expect(got.generation).toMatchObject({
        prompt: 'a red kite over dunes',
        seed: '18446744073709551615',
        generationParams: { steps: 20, loras: [{ name: 'sand', weight: 0.5 }] },
      })
      expect(got.workflows).toEqual([
        expect.objectContaining({ format: 'comfyui-api', nodeId: '9', executionId: 'p-1', role: 'output' }),
      ])
    } finally {
      await lib.close()
    }
  })

  it.each([
    [
      ['--node', '42'],
      2,
      'Node 42 is not in the workflow; its nodes are 3 (KSampler), 8 (VAEDecode), 9 (VHS_VideoCombine)',
    ],
    [['--node', '9', '--role', 'result'], 2, 'role'],
    [['--node', '9', fx.png], 2, 'Unexpected arguments'],
  ])('refuses %j (exit %i) and imports nothing', async (extra, code, message) => {
    const dir = tempDir()
    const library = path.join(dir, 'lib')
    const { workflow } = files(dir)
    const run = await cli(['import', '--library', library, '--workflow', workflow, ...extra, fx.mp4])
    expect(run).toMatchObject({ code, stdout: '' })
    expect(run.stderr).toContain(message)
    const lib = openLibrary(library)
    try {
      expect(lib.sqlite.db.prepare('SELECT count(*) AS n FROM videos').get()).toEqual({ n: 0 })
    } finally {
      await lib.close()
    }
  })
})
