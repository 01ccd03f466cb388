import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChannelOutput } from '../../shared/contract'
import type { Library } from '../../main/services/library-context'
import { openLibrary } from '../../main/app/open-library'
import { makePng, tEXt } from '../fixtures/metadata-writers'
import { call, suiteTempDir } from '../helpers/browse'
import { importAndWait } from '../helpers/ingest'

type Generation = ChannelOutput<'generation:get'>
const node = (class_type: string, inputs: Record<string, unknown>) => ({ class_type, inputs })

// An AnimateDiff prompt-travel run as ComfyUI's API prompt, shaped as public ADE workflows are, saved as a PNG.
const PROMPT_TRAVEL = {
  '1': node('CheckpointLoaderSimple', { ckpt_name: 'dreamshaper_8.safetensors' }),
  '2': node('ADE_AnimateDiffLoaderGen1', {
    model_name: 'v3_sd15_mm.ckpt',
    beta_schedule: 'autoselect',
    model: ['1', 0],
  }),
  '5': node('ADE_PromptScheduling', {
    prompts: '"0": "a lighthouse in fog",\n"12": "a lighthouse under northern lights"',
    clip: ['1', 1],
  }),
  '7': node('CLIPTextEncode', { text: 'blurry', clip: ['1', 1] }),
  '9': node('EmptyLatentImage', { width: 64, height: 64, batch_size: 16 }),
  '10': node('KSampler', {
    seed: 7,
    steps: 20,
    cfg: 7,
    sampler_name: 'euler',
    scheduler: 'normal',
    denoise: 1,
    model: ['2', 0],
    positive: ['5', 0],
    negative: ['7', 0],
    latent_image: ['9', 0],
  }),
  '12': node('VAEDecode', { samples: ['10', 0], vae: ['1', 2] }),
  '13': node('SaveImage', { images: ['12', 0], filename_prefix: 'travel' }),
}
const A1111 = (model: string) =>
  `a red fox in the snow\nSteps: 28, Sampler: DPM++ 2M, CFG scale: 6.5, Seed: 1, Size: 64x64, Model hash: 6ce0161689${model}`

let lib: Library
const idOf = new Map<string, string>()

beforeAll(async () => {
  const dir = suiteTempDir()
  const files: Record<string, Buffer> = {
    'travel.png': makePng({ width: 64, height: 64, before: [tEXt('prompt', JSON.stringify(PROMPT_TRAVEL))] }),
    'named.png': makePng({
      width: 64,
      height: 64,
      before: [tEXt('parameters', A1111(', Model: v1-5-pruned-emaonly'))],
    }),
    'hash-only.png': makePng({ width: 32, height: 32, before: [tEXt('parameters', A1111(''))] }),
  }
  for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(dir, name), bytes)
  lib = openLibrary(suiteTempDir())
  const { items } = await importAndWait(
    lib,
    Object.keys(files).map((name) => path.join(dir, name)),
  )
  for (const item of items) idOf.set(path.basename(item.path), item.asset!.id)
})
afterAll(() => lib.close())

describe('prompt travel and models known by their hash (issue 37 point 4)', () => {
  it('shows and searches each keyframe of a prompt schedule, and names the motion model', async () => {
    const { generation } = await call<Generation>(lib, 'generation:get', { id: idOf.get('travel.png') })
    expect(generation).toMatchObject({
      prompt: '0: a lighthouse in fog\n12: a lighthouse under northern lights',
      negativePrompt: 'blurry',
      model: 'dreamshaper_8.safetensors',
    })
    expect((generation!.generationParams as Record<string, unknown>).motionModel).toBe('v3_sd15_mm.ckpt')
    const { items } = await call<ChannelOutput<'media:list'>>(lib, 'media:list', { query: 'northern lights' })
    expect(items.map((item) => [item.name, item.matched?.field])).toEqual([['travel.png', 'prompt']])
  })

  it('names a model given only by its hash when another file names it', async () => {
    const named = await call<Generation>(lib, 'generation:get', { id: idOf.get('named.png') })
    expect(named.generation?.model).toBe('v1-5-pruned-emaonly')
    const hashOnly = await call<Generation>(lib, 'generation:get', { id: idOf.get('hash-only.png') })
    expect(hashOnly.generation?.model).toBe('v1-5-pruned-emaonly (known by its hash 6ce0161689)')
  })
})
