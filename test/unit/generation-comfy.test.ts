import { describe, expect, it } from 'vitest'
import { readComfyPrompt, type ApiPrompt } from '../../main/generation/comfy-prompt'
import { emptyFacts } from '../../main/generation/generation-facts'
import { interpretEntries } from '../../main/generation/interpret-entries'
import { saveNodesOf } from '../../main/generation/save-nodes'
import { foundWorkflow } from '../../main/generation/workflow-kind'

const node = (class_type: string, inputs: Record<string, unknown>) => ({ class_type, inputs })

/** A Flux-style graph: SamplerCustomAdvanced with its noise, guider, sampler and sigmas on other nodes. */
const flux: ApiPrompt = {
  '6': node('CLIPTextEncode', { text: 'a neon city in the rain', clip: ['11', 0] }),
  '8': node('VAEDecode', { samples: ['13', 0], vae: ['10', 0] }),
  '9': node('SaveImage', { filename_prefix: 'flux', images: ['8', 0] }),
  '12': node('UNETLoader', { unet_name: 'flux1-dev.safetensors', weight_dtype: 'default' }),
  '13': node('SamplerCustomAdvanced', {
    noise: ['25', 0],
    guider: ['22', 0],
    sampler: ['16', 0],
    sigmas: ['17', 0],
    latent_image: ['27', 0],
  }),
  '16': node('KSamplerSelect', { sampler_name: 'euler' }),
  '17': node('BasicScheduler', { scheduler: 'simple', steps: 28, denoise: 1, model: ['30', 0] }),
  '22': node('CFGGuider', { cfg: 3.5, model: ['30', 0], positive: ['26', 0], negative: ['33', 0] }),
  '25': node('RandomNoise', { noise_seed: ['40', 0] }),
  '26': node('FluxGuidance', { guidance: 3.5, conditioning: ['6', 0] }),
  '27': node('EmptySD3LatentImage', { width: 1024, height: 768, batch_size: 1 }),
  '30': node('LoraLoaderModelOnly', { lora_name: 'neon.safetensors', strength_model: 0.9, model: ['12', 0] }),
  '33': node('CLIPTextEncode', { text: ['41', 0], clip: ['11', 0] }),
  '40': node('Seed (rgthree)', { seed: 123456789 }),
  '41': node('PrimitiveString', { value: 'blurry' }),
}

describe('readComfyPrompt', () => {
  it('follows SamplerCustomAdvanced to its noise, guider, sampler and sigmas, and links to value nodes', () => {
    expect(readComfyPrompt(flux, 'png')).toEqual({
      model: 'flux1-dev.safetensors',
      prompt: 'a neon city in the rain',
      negativePrompt: 'blurry',
      seed: 123456789,
      steps: 28,
      sampler: 'euler',
      cfg: 3.5,
      width: 1024,
      height: 768,
      loras: [{ name: 'neon.safetensors', weight: 0.9 }],
      params: {
        samplerNode: { id: '13', type: 'SamplerCustomAdvanced' },
        scheduler: 'simple',
        denoise: 1,
        batchSize: 1,
      },
      saveNodes: [{ nodeId: '9', nodeType: 'SaveImage', fits: true }],
    })
  })

  it('reads positive and negative through a ControlNet node by output index', () => {
    const prompt: ApiPrompt = {
      '1': node('CheckpointLoaderSimple', { ckpt_name: 'sd15.ckpt' }),
      '2': node('CLIPTextEncode', { text: 'pos', clip: ['1', 1] }),
      '3': node('CLIPTextEncode', { text: 'neg', clip: ['1', 1] }),
      '4': node('ControlNetApplyAdvanced', { positive: ['2', 0], negative: ['3', 0], strength: 1 }),
      '5': node('KSampler', {
        seed: 7,
        steps: 9,
        cfg: 4,
        sampler_name: 'ddim',
        scheduler: 'normal',
        model: ['1', 0],
        positive: ['4', 0],
        negative: ['4', 1],
        latent_image: ['6', 0],
      }),
      '6': node('EmptyLatentImage', { width: 640, height: 480, batch_size: 2 }),
    }
    expect(readComfyPrompt(prompt, 'png')).toMatchObject({
      prompt: 'pos',
      negativePrompt: 'neg',
      seed: 7,
      model: 'sd15.ckpt',
      width: 640,
      saveNodes: [],
    })
  })

  it('never loops on a cyclic graph', () => {
    const cyclic: ApiPrompt = {
      '1': node('KSampler', { seed: 1, steps: 2, positive: ['2', 0], negative: ['2', 0], model: ['2', 0] }),
      '2': node('ConditioningCombine', { conditioning_1: ['2', 0], conditioning_2: ['1', 0] }),
    }
    expect(readComfyPrompt(cyclic, 'png')).toMatchObject({ seed: 1, prompt: null, model: null })
  })
})

/**
 * AnimateDiff prompt travel, shaped as the ComfyUI API exports of public FizzNodes workflows are (issue 37 point 4):
 * a BatchPromptSchedule whose `text` is a schedule and whose pre_text comes from a text node, the motion model on an
 * ADE_LoadAnimateDiffModel, the model reaching the sampler through ADE_UseEvolvedSampling.
 */
const promptTravel: ApiPrompt = {
  '1': node('CheckpointLoaderSimple', { ckpt_name: 'dreamshaper_8.safetensors' }),
  '2': node('ADE_LoadAnimateDiffModel', { model_name: 'mm_sd_v15_v2.ckpt' }),
  '3': node('ADE_ApplyAnimateDiffModelSimple', { motion_model: ['2', 0] }),
  '4': node('ADE_UseEvolvedSampling', { model: ['1', 0], m_models: ['3', 0], beta_schedule: 'autoselect' }),
  '96': node('BatchPromptSchedule', {
    text: '"0" :"spring day, cherryblossoms",\n"8" :"summer day, vegetation",\n"16" :"fall day, leaves blowing in the wind"\n',
    max_frames: 120,
    pre_text: ['101', 0],
    app_text: '',
    clip: ['1', 1],
  }),
  '101': node('ttN text', { text: '(Masterpiece, best quality:1.2), closeup, a guy walking through forest ' }),
  '7': node('CLIPTextEncode', { text: 'blurry, watermark', clip: ['1', 1] }),
  '9': node('EmptyLatentImage', { width: 512, height: 512, batch_size: 24 }),
  '10': node('KSampler', {
    seed: 42,
    steps: 20,
    cfg: 7,
    sampler_name: 'euler_ancestral',
    scheduler: 'normal',
    denoise: 1,
    model: ['4', 0],
    positive: ['96', 0],
    negative: ['96', 1],
    latent_image: ['9', 0],
  }),
  '12': node('VAEDecode', { samples: ['10', 0], vae: ['1', 2] }),
  '13': node('VHS_VideoCombine', { images: ['12', 0], frame_rate: 8, format: 'video/h264-mp4' }),
}

describe('prompt travel (issue 37 point 4)', () => {
  it('reads a FizzNodes schedule keyframe by keyframe with its pre_text, and the motion model apart from the model', () => {
    const facts = readComfyPrompt(promptTravel, 'mp4')
    expect(facts.prompt).toBe(
      [
        '(Masterpiece, best quality:1.2), closeup, a guy walking through forest ',
        '0: spring day, cherryblossoms',
        '8: summer day, vegetation',
        '16: fall day, leaves blowing in the wind',
      ].join('\n'),
    )
    // Its second output (NEG) is no prompt: the schedule is not the negative.
    expect(facts.negativePrompt).toBeNull()
    expect(facts.model).toBe('dreamshaper_8.safetensors')
    expect(facts.params.motionModel).toBe('mm_sd_v15_v2.ckpt')
  })

  it("reads AnimateDiff-Evolved's Prompt Scheduling in both its formats, ranges and relative places included", () => {
    const ade = (prompts: string): ApiPrompt => ({
      ...promptTravel,
      '96': node('ADE_PromptSchedulingLatents', { prompts, clip: ['1', 1], latent: ['9', 0] }),
      '10': node('KSampler', { ...promptTravel['10']!.inputs, positive: ['96', 0], negative: ['7', 0] }),
    })
    expect(readComfyPrompt(ade('"0": "blue rock on mountain",\n"16": "green rock in lake"'), 'mp4')).toMatchObject({
      prompt: '0: blue rock on mountain\n16: green rock in lake',
      negativePrompt: 'blurry, watermark',
    })
    expect(readComfyPrompt(ade('0:12 = "a \\"quoted\\" rock",\n0.5 = "a rock at dusk"'), 'mp4').prompt).toBe(
      '0:12: a "quoted" rock\n0.5: a rock at dusk',
    )
    // A schedule node holding a plain prompt (no keyframes) gives that prompt.
    expect(readComfyPrompt(ade('a lone rock'), 'mp4').prompt).toBe('a lone rock')
  })
})

describe('saveNodesOf', () => {
  const prompt: ApiPrompt = {
    '3': node('PreviewImage', { images: ['1', 0] }),
    '7': node('VHS_VideoCombine', { format: 'video/h264-mp4', filename_prefix: 'A', images: ['1', 0] }),
    '8': node('VHS_VideoCombine', { format: 'image/gif', filename_prefix: 'B', images: ['1', 0] }),
    '10': node('Image Save', { extension: 'webp', filename_prefix: 'C', images: ['1', 0] }),
    '12': node('SaveVideo', { format: 'auto', codec: 'auto', filename_prefix: 'D', video: ['1', 0] }),
  }

  it('puts the nodes whose kind fits the file first', () => {
    expect(saveNodesOf(prompt, 'mp4').map((c) => [c.nodeId, c.fits])).toEqual([
      ['7', true],
      ['12', true],
      ['3', false],
      ['8', false],
      ['10', false],
    ])
    expect(saveNodesOf(prompt, 'gif')[0]).toEqual({ nodeId: '8', nodeType: 'VHS_VideoCombine', fits: true })
    expect(saveNodesOf(prompt, 'webp')[0]).toEqual({ nodeId: '10', nodeType: 'Image Save', fits: true })
  })
})

describe('foundWorkflow', () => {
  it('tells the formats apart and takes the UI format id', () => {
    expect(foundWorkflow({ id: 'u', nodes: [], links: [], version: 0.4 })).toMatchObject({
      format: 'comfyui-ui',
      id: 'u',
    })
    expect(foundWorkflow({ id: 'w', nodes: [], edges: [], meta: { version: '3.0.0' } })).toMatchObject({
      format: 'invokeai',
      id: 'w',
    })
    expect(foundWorkflow({ id: 'g', nodes: { a: {} }, edges: [] })).toMatchObject({ format: 'invokeai', id: null })
    expect(foundWorkflow({ nodes: [{ id: 'node1', type: 'x' }], connections: [] })).toMatchObject({ format: 'native' })
    expect(foundWorkflow(flux)).toMatchObject({ format: 'comfyui-api', id: null })
    expect(foundWorkflow([1, 2])).toBeNull()
    expect(foundWorkflow({ nodes: 'x' })).toBeNull()
  })
})

describe('interpretEntries', () => {
  const prompt = JSON.stringify(flux)

  it('reads a prompt that is a JSON string of JSON', () => {
    const facts = emptyFacts()
    interpretEntries([{ key: 'prompt', text: JSON.stringify(prompt), source: 'mp4:tag:prompt' }], 'png', facts)
    expect(facts).toMatchObject({ provider: 'comfyui', seed: 123456789, apiPrompt: flux, problems: [] })
    // The definition's own text is the innermost JSON, kept exactly.
    expect(facts.workflow).toEqual({ format: 'comfyui-api', definition: flux, id: null, text: prompt })
  })

  it("reads VideoHelperSuite's comment with the prompt encoded twice", () => {
    const facts = emptyFacts()
    const comment = JSON.stringify({ prompt, workflow: { id: 'wf', nodes: [], links: [], version: 0.4 } })
    interpretEntries([{ key: 'comment', text: comment, source: 'mp4:tag:comment' }], 'mp4', facts)
    expect(facts).toMatchObject({
      provider: 'comfyui',
      prompt: 'a neon city in the rain',
      workflow: { format: 'comfyui-ui', id: 'wf' },
    })
    expect(facts.sources).toEqual(['mp4:tag:comment:prompt', 'mp4:tag:comment:workflow'])
  })

  it('notes a broken or foreign tag and keeps what the others say', () => {
    const facts = emptyFacts()
    interpretEntries(
      [
        { key: 'prompt', text: '{"1": {"class_type": "KSampler", "inputs": {"seed": 5, "steps": 1}}}', source: 'p' },
        { key: 'workflow', text: '{"id": "x", "nodes": [', source: 'w' },
        { key: 'invokeai_metadata', text: '[1]', source: 'm' },
        { key: 'comment', text: 'made with love', source: 'c' },
      ],
      'png',
      facts,
    )
    expect(facts.seed).toBe(5)
    expect(facts.problems).toEqual(['w: not JSON (a value is missing at the end)', 'm: not an object'])
  })
})
