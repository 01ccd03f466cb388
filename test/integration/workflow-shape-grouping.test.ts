import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChannelOutput } from '../../shared/contract'
import type { Library } from '../../main/services/library-context'
import { openLibrary } from '../../main/app/open-library'
import { makePng, tEXt } from '../fixtures/metadata-writers'
import { call, suiteTempDir } from '../helpers/browse'
import { importAndWait } from '../helpers/ingest'

type Workflows = ChannelOutput<'workflows:list'>
const node = (class_type: string, inputs: Record<string, unknown>) => ({ class_type, inputs })

/** An API prompt (no UI workflow, so no workflow id) with this seed and text; `lora` adds a LoRA loader: another shape. */
function apiPrompt(seed: number, text: string, lora = false) {
  return {
    '4': node('CheckpointLoaderSimple', { ckpt_name: 'sd15.safetensors' }),
    ...(lora && {
      '10': node('LoraLoader', { lora_name: 'ink.safetensors', strength_model: 1, model: ['4', 0], clip: ['4', 1] }),
    }),
    '6': node('CLIPTextEncode', { text, clip: [lora ? '10' : '4', 1] }),
    '7': node('CLIPTextEncode', { text: 'blurry', clip: [lora ? '10' : '4', 1] }),
    '5': node('EmptyLatentImage', { width: 64, height: 64, batch_size: 1 }),
    '3': node('KSampler', {
      seed,
      steps: 20,
      cfg: 7,
      sampler_name: 'euler',
      scheduler: 'normal',
      denoise: 1,
      model: [lora ? '10' : '4', 0],
      positive: ['6', 0],
      negative: ['7', 0],
      latent_image: ['5', 0],
    }),
    '8': node('VAEDecode', { samples: ['3', 0], vae: ['4', 2] }),
    '9': node('SaveImage', { images: ['8', 0], filename_prefix: 'shape' }),
  }
}

let lib: Library

beforeAll(async () => {
  const dir = suiteTempDir()
  const files = [
    ...[1, 2, 3].map((seed) => [`plain-${seed}.png`, apiPrompt(seed, `a harbour at dawn, take ${seed}`)] as const),
    ...[4, 5].map((seed) => [`lora-${seed}.png`, apiPrompt(seed, `an ink drawing, take ${seed}`, true)] as const),
  ]
  for (const [name, prompt] of files) {
    writeFileSync(
      path.join(dir, name),
      makePng({ width: 64, height: 64, before: [tEXt('prompt', JSON.stringify(prompt))] }),
    )
  }
  lib = openLibrary(suiteTempDir())
  await importAndWait(
    lib,
    files.map(([name]) => path.join(dir, name)),
  )
})
afterAll(() => lib.close())

describe('workflows without an id of their own (issue 37 point 3)', () => {
  it('group by graph shape: runs of one graph with other values are one workflow, a new shape another', async () => {
    const { items } = await call<Workflows>(lib, 'workflows:list', { limit: 50, offset: 0 })
    expect(items).toHaveLength(2)
    const runs = await Promise.all(
      items.map(async (workflow) => {
        const { total } = await call<{ total: number }>(lib, 'executions:list', {
          workflowId: workflow.id,
          limit: 10,
          offset: 0,
        })
        return total
      }),
    )
    expect(runs.sort()).toEqual([2, 3])
  })

  it("show a poster and the latest seed and prompt in the list: the newest output's", async () => {
    const { items } = await call<Workflows>(lib, 'workflows:list', { limit: 50, offset: 0 })
    for (const item of items) {
      // The poster is the newest output, and the seed and prompt are that same output's.
      const poster = await call<{ name: string }>(lib, 'media:get', { id: item.posterAsset! })
      const take = /(\d)\.png$/.exec(poster.name)![1]
      expect(item.latest).toEqual({ seed: take, prompt: expect.stringMatching(new RegExp(`, take ${take}$`)) })
    }
  })

  it('show the seed and prompt a pasted workflow sets, to the last digit, when it has no outputs', async () => {
    // A shape of its own (a preview beside the save), so it joins no workflow of the files above.
    const prompt = { ...apiPrompt(1, 'a lantern in fog'), '11': node('PreviewImage', { images: ['8', 0] }) }
    const definition = JSON.stringify(prompt).replace('"seed":1,', '"seed":18446744073709551615,')
    const { workflow } = await call<{ workflow: { id: string } }>(lib, 'workflows:create', {
      name: 'Pasted',
      definition,
      format: 'comfyui-api',
    })
    const { items } = await call<Workflows>(lib, 'workflows:list', { query: 'Pasted', limit: 50, offset: 0 })
    expect(items.map(({ id, posterAsset, latest }) => ({ id, posterAsset, latest }))).toEqual([
      { id: workflow.id, posterAsset: null, latest: { seed: '18446744073709551615', prompt: 'a lantern in fog' } },
    ])
  })
})
