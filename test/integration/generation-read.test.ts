import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { readGeneration } from '../../main/generation/read-generation'
import { resolveMediaTools } from '../../main/media/media-tools'
import { mediaTypeOf } from '../../main/media/media-types'
import { probeMedia } from '../../main/media/probe'
import { runTool } from '../../main/media/tool-io'
import { comfyApiPrompt, comfyUiWorkflow } from '../fixtures/comfy-documents'
import { invokeGraph } from '../fixtures/generation-documents'
import { COMFY_WORKFLOW_ID, GENERATION, INVOKE_WORKFLOW_ID, VHS_WORKFLOW_ID } from '../fixtures/generation-fixtures'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')
const { ffmpeg, ffprobe } = resolveMediaTools()

/** readGeneration as the import calls it: with the real ffprobe output of the file. */
async function read(file: string) {
  const mediaType = mediaTypeOf(file)
  if (!mediaType) throw new Error(`no media type for ${file}`)
  return readGeneration({ filePath: file, mediaType, probe: await probeMedia(ffprobe, file) })
}

const comfyStill = (o: (typeof GENERATION)['comfyRunA']) => ({
  provider: 'comfyui',
  model: o.ckpt,
  prompt: o.positive,
  negativePrompt: o.negative,
  seed: o.seed,
  steps: 20,
  width: 512,
  height: 512,
  apiPrompt: comfyApiPrompt(o),
  problems: [],
})

describe('readGeneration over the generation fixtures', () => {
  it.each([
    ['genComfyPng', GENERATION.comfyRunA, 'SaveImage', COMFY_WORKFLOW_ID, 'png:tEXt:prompt'],
    ['genComfyPngRun2', GENERATION.comfyRunB, 'SaveImage', COMFY_WORKFLOW_ID, 'png:tEXt:prompt'],
    ['genComfyItxtPng', GENERATION.comfyItxt, 'SaveImage', '0e7d6c5b-4a39-4821-b0f1-e2d3c4b5a697', 'png:iTXt:Prompt'],
    [
      'genComfyApng',
      GENERATION.comfyApng,
      'SaveAnimatedPNG',
      'c1a2b3c4-d5e6-4f70-8a9b-0c1d2e3f4a5b',
      'png:comf:prompt',
    ],
    [
      'genComfyWebp',
      GENERATION.comfyWebp,
      'SaveAnimatedWEBP',
      'd4e5f6a7-b8c9-4d0e-8f1a-2b3c4d5e6f70',
      'webp:exif:Model:prompt',
    ],
    ['genComfyWebm', GENERATION.comfyWebm, 'SaveWEBM', 'e5f6a7b8-c9d0-4e1f-9a2b-3c4d5e6f7a81', 'webm:tag:PROMPT'],
  ] as const)(
    '%s: ComfyUI prompt, seed, model, UI workflow and its save node',
    async (name, options, saveType, id, source) => {
      const facts = await read(fixtures[name])
      expect(facts).toMatchObject(comfyStill(options))
      expect(facts.workflow).toMatchObject({ format: 'comfyui-ui', id })
      expect(facts.saveNodes).toEqual([{ nodeId: '9', nodeType: saveType, fits: true }])
      expect(facts.sources[0]).toBe(source)
    },
  )

  it('reads the UI workflow as written: v0.4 link arrays in the tEXt PNG, v1 link objects in the iTXt one', async () => {
    const v04 = await read(fixtures.genComfyPng)
    expect(v04.workflow?.definition).toEqual(comfyUiWorkflow(GENERATION.comfyRunA, COMFY_WORKFLOW_ID, 0.4))
    const v1 = await read(fixtures.genComfyItxtPng)
    expect(v1.workflow?.definition).toMatchObject({
      version: 1,
      links: expect.arrayContaining([expect.objectContaining({ origin_id: 4 })]),
    })
  })

  it('gives two runs of one workflow the same workflow id and different API prompts', async () => {
    const [a, b] = await Promise.all([read(fixtures.genComfyPng), read(fixtures.genComfyPngRun2)])
    expect([a.workflow?.id, b.workflow?.id]).toEqual([COMFY_WORKFLOW_ID, COMFY_WORKFLOW_ID])
    expect([a.seed, b.seed]).toEqual([156680208700286, 42])
    expect(a.apiPrompt).not.toEqual(b.apiPrompt)
  })

  it.each([
    ['genVhsMp4', 5551212, 'mp4:tag:prompt'],
    ['genVhsCommentMp4', 777, 'mp4:tag:comment:prompt'],
    ['genVhsSidecarMp4', 90210, 'sidecar:AnimateDiff_00002.png:tEXt:prompt'],
  ] as const)(
    '%s: the VideoHelperSuite run (tags, old comment, or sidecar PNG), the mp4 save node first',
    async (name, seed, source) => {
      const o = GENERATION.vhs(seed)
      const facts = await read(fixtures[name])
      expect(facts).toMatchObject({
        provider: 'comfyui',
        model: 'dreamshaper_8.safetensors',
        prompt: o.positive,
        negativePrompt: o.negative,
        seed,
        steps: 25,
        sampler: 'dpmpp_2m',
        cfg: 7.5,
        loras: [{ name: 'add_detail.safetensors', weight: 0.7 }],
        params: { scheduler: 'karras', batchSize: 8, fps: 8 },
        workflow: { format: 'comfyui-ui', id: VHS_WORKFLOW_ID },
        problems: [],
      })
      // The bare NaN Python wrote for strength_clip survives as NaN.
      expect(
        (facts.apiPrompt as Record<string, { inputs: Record<string, unknown> }>)['10'].inputs.strength_clip,
      ).toBeNaN()
      expect(facts.saveNodes).toEqual([
        { nodeId: '9', nodeType: 'VHS_VideoCombine', fits: true },
        { nodeId: '11', nodeType: 'PreviewImage', fits: false },
      ])
      expect(facts.sources).toContain(source)
    },
  )

  it('takes the stream creation_time over the container tag "now" VideoHelperSuite writes', async () => {
    const probe = await probeMedia(ffprobe, fixtures.genVhsMp4)
    expect(probe.format?.tags?.creation_time).toBe('now')
    const streamTime = probe.streams?.[0]?.tags?.creation_time ?? ''
    const facts = await readGeneration({ filePath: fixtures.genVhsMp4, mediaType: 'video', probe })
    expect(facts.createdAt).toBe(new Date(streamTime).toISOString())
    expect(facts.sources).toContain('mp4:stream0:creation_time')
  })

  it('reads the prompt of an mp4 whose workflow tag is cut off, and notes the broken tag', async () => {
    const facts = await read(fixtures.genDamagedTagMp4)
    expect(facts).toMatchObject({ provider: 'comfyui', seed: 4242, prompt: GENERATION.vhs(4242).positive })
    expect(facts.problems).toEqual([expect.stringMatching(/^mp4:tag:workflow: not JSON \(.+\)$/)])
    expect(facts.workflow).toMatchObject({ format: 'comfyui-api', id: null })
  })

  it('reads an InvokeAI PNG: metadata, workflow (with its id), graph as the executed request', async () => {
    const { seed, prompt } = GENERATION.invoke
    const facts = await read(fixtures.genInvokePng)
    expect(facts).toMatchObject({
      provider: 'invokeai',
      model: 'Juggernaut XL v9',
      prompt,
      negativePrompt: 'blurry, low quality',
      seed,
      steps: 30,
      sampler: 'dpmpp_2m_k',
      cfg: 7.5,
      loras: [{ name: 'detail_tweaker_xl', weight: 0.75 }],
      workflow: { format: 'invokeai', id: INVOKE_WORKFLOW_ID },
      apiPrompt: invokeGraph(seed, prompt),
      saveNodes: [{ nodeId: 'canvas_output:5', nodeType: 'l2i', fits: true }],
      problems: [],
    })
  })

  it("reads an InvokeAI video's sidecars/<stem>.json beside its videos folder", async () => {
    const { seed, prompt } = GENERATION.invokeVideo
    const facts = await read(fixtures.genInvokeVideo)
    expect(facts).toMatchObject({ provider: 'invokeai', seed, prompt, params: { generation_mode: 'video' } })
    expect(facts.workflow).toMatchObject({ format: 'invokeai', id: null })
    expect(facts.sources[0]).toMatch(/^sidecar:sidecars\/0f9e8d7c-.*\.json:metadata$/)
  })

  it('reads Automatic1111 PNG parameters and Forge JPEG EXIF UserComment (UTF-16)', async () => {
    expect(await read(fixtures.genA1111Png)).toMatchObject({
      provider: 'automatic1111',
      model: 'v1-5-pruned-emaonly',
      seed: 1234567890,
      steps: 28,
      sampler: 'DPM++ 2M',
      cfg: 6.5,
      width: 512,
      height: 768,
      negativePrompt: 'lowres, bad anatomy,\nblurry',
      loras: [{ name: 'fox_style_v2', weight: 0.8 }],
      params: { 'Lora hashes': 'fox_style_v2: 3f2a1b4c5d6e', 'Schedule type': 'Karras' },
      workflow: null,
    })
    expect(await read(fixtures.genForgeJpg)).toMatchObject({
      provider: 'forge',
      model: 'flux1-dev-bnb-nf4-v2',
      prompt: 'cinematic photo of a lighthouse at dusk, café lights, 35mm <lora:film_grain:0.6>',
      seed: 987654321,
      sources: ['jpeg:exif:UserComment'],
      problems: [],
    })
  })

  it("reads the tags of ComfyUI's SaveAudio FLAC, whose save node fits .flac", async () => {
    const prompt = {
      '3': {
        class_type: 'KSampler',
        inputs: {
          seed: 616,
          steps: 50,
          cfg: 4.98,
          sampler_name: 'dpmpp_3m_sde_gpu',
          scheduler: 'exponential',
          denoise: 1,
          model: ['4', 0],
          positive: ['6', 0],
          negative: ['7', 0],
          latent_image: ['11', 0],
        },
      },
      '4': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'stable-audio-open-1.0.safetensors' } },
      '6': { class_type: 'CLIPTextEncode', inputs: { text: 'heavy rain on a tin roof', clip: ['10', 0] } },
      '7': { class_type: 'CLIPTextEncode', inputs: { text: '', clip: ['10', 0] } },
      '10': { class_type: 'CLIPLoader', inputs: { clip_name: 't5_base.safetensors', type: 'stable_audio' } },
      '11': { class_type: 'EmptyLatentAudio', inputs: { seconds: 2, batch_size: 1 } },
      '12': { class_type: 'VAEDecodeAudio', inputs: { samples: ['3', 0], vae: ['4', 2] } },
      '19': { class_type: 'SaveAudio', inputs: { filename_prefix: 'audio/ComfyUI', audio: ['12', 0] } },
    }
    const file = path.join(tempDir(), 'ComfyUI_00001_.flac')
    const tone = ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100:duration=0.5']
    await runTool(ffmpeg, [
      '-v',
      'error',
      '-nostdin',
      '-y',
      ...tone,
      '-metadata',
      `prompt=${JSON.stringify(prompt)}`,
      '-c:a',
      'flac',
      file,
    ])
    const facts = await readGeneration({ filePath: file, mediaType: 'audio', probe: await probeMedia(ffprobe, file) })
    expect(facts).toMatchObject({
      provider: 'comfyui',
      prompt: 'heavy rain on a tin roof',
      seed: 616,
      model: 'stable-audio-open-1.0.safetensors',
    })
    expect(facts.saveNodes).toEqual([{ nodeId: '19', nodeType: 'SaveAudio', fits: true }])
    expect(facts.sources).toEqual(['flac:tag:prompt'])
  })

  it('finds nothing, and no problem, in plain media', async () => {
    for (const file of [fixtures.mp4, fixtures.png, fixtures.jpg, fixtures.stillWebp]) {
      const facts = await read(file)
      expect({ provider: facts.provider, problems: facts.problems, sources: facts.sources }).toEqual({
        provider: null,
        problems: [],
        sources: [],
      })
    }
  })
})
