import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { toGraph } from '../../shared/workflow-graph'
import { automaticName, describedName, fileTitle, ownTitle } from '../../shared/workflow-graph/workflow-name'

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(path.resolve('test/fixtures/workflows', name), 'utf8')) as unknown
const api = (class_type: string, inputs: Record<string, unknown>) => ({ class_type, inputs })

/** A Wan 2.1 text-to-video run as ComfyUI's API prompt: one of many prompts the workflow made. */
const wanApi = {
  '37': api('UNETLoader', { unet_name: 'wan2.1_t2v_1.3B_fp16.safetensors', weight_dtype: 'default' }),
  '38': api('CLIPLoader', { clip_name: 'umt5_xxl_fp8_e4m3fn_scaled.safetensors', type: 'wan' }),
  '39': api('VAELoader', { vae_name: 'wan_2.1_vae.safetensors' }),
  '6': api('CLIPTextEncode', { text: 'neon koi fish swimming through a flooded night market', clip: ['38', 0] }),
  '3': api('KSampler', { seed: 7, steps: 30, model: ['37', 0], positive: ['6', 0], latent_image: ['40', 0] }),
  '40': api('EmptyHunyuanLatentVideo', { width: 832, height: 480, length: 33, batch_size: 1 }),
  '8': api('VAEDecode', { samples: ['3', 0], vae: ['39', 0] }),
  '30': api('VHS_VideoCombine', { images: ['8', 0], frame_rate: 16, format: 'video/h264-mp4' }),
}

/** A ComfyUI UI workflow of 2024 (ComfyUI_examples' wan/text_to_video_wan.json): widgets unnamed, two savers. */
const wanUi = {
  last_node_id: 50,
  last_link_id: 3,
  nodes: [
    {
      id: 37,
      type: 'UNETLoader',
      pos: [0, 0],
      mode: 0,
      widgets_values: ['wan2.1_t2v_1.3B_fp16.safetensors', 'default'],
    },
    { id: 3, type: 'KSampler', pos: [300, 0], mode: 0, inputs: [{ name: 'model', type: 'MODEL', link: 1 }] },
    { id: 8, type: 'VAEDecode', pos: [600, 0], mode: 0, inputs: [{ name: 'samples', type: 'LATENT', link: 2 }] },
    { id: 28, type: 'SaveAnimatedWEBP', pos: [900, 0], mode: 0, inputs: [{ name: 'images', link: 3 }] },
    { id: 47, type: 'SaveWEBM', pos: [900, 300], mode: 4, widgets_values: ['ComfyUI', 'vp9', 24, 32] },
  ],
  links: [
    [1, 37, 0, 3, 0, 'MODEL'],
    [2, 3, 0, 8, 0, 'LATENT'],
    [3, 8, 0, 28, 0, 'IMAGE'],
  ],
  extra: { ds: { scale: 1, offset: [0, 0] } },
  version: 0.4,
}

describe('a workflow named from what it does', () => {
  it('is named by its model file (no folder, no extension) and the kind of file it saves, never a run’s prompt', () => {
    const named = automaticName(wanApi, 'comfyui-api', 'sha256:cfc36195aa')
    expect(named).toEqual({ name: 'wan2.1_t2v_1.3B_fp16 → video', origin: 'auto' })
    expect(named.name).not.toMatch(/koi/)
    // The same from the UI form, whose widget values carry no names; a bypassed saver counts for nothing.
    expect(automaticName(wanUi, 'comfyui-ui', 'x')).toEqual({ name: 'wan2.1_t2v_1.3B_fp16 → video', origin: 'auto' })
  })

  it('names an upscaler workflow as an upscale, and a model in a Windows subfolder by its file', () => {
    const upscale = {
      '1': api('LoadImage', { image: 'frame.png' }),
      '2': api('UpscaleModelLoader', { model_name: '4x-UltraSharp.pth' }),
      '3': api('ImageUpscaleWithModel', { upscale_model: ['2', 0], image: ['1', 0] }),
      '4': api('SaveImage', { filename_prefix: 'up', images: ['3', 0] }),
    }
    expect(automaticName(upscale, 'comfyui-api', 'x').name).toBe('4x-UltraSharp upscale → image')
    // kijai's WanVideoWrapper writes paths with backslashes.
    const kijai = {
      '11': api('WanVideoModelLoader', { model: 'WanVideo\\Wan2_1-T2V-14B_fp8_e4m3fn.safetensors' }),
      '30': api('VHS_VideoCombine', { images: ['11', 0], format: 'video/h264-mp4' }),
    }
    expect(automaticName(kijai, 'comfyui-api', 'x').name).toBe('Wan2_1-T2V-14B_fp8_e4m3fn → video')
  })

  it('prefers the generating model over a refiner, and one nearer the save node over another', () => {
    const sdxl = {
      '4': api('CheckpointLoaderSimple', { ckpt_name: 'sd_xl_base_1.0.safetensors' }),
      '12': api('CheckpointLoaderSimple', { ckpt_name: 'sd_xl_refiner_1.0.safetensors' }),
      '10': api('KSamplerAdvanced', { model: ['4', 0] }),
      '11': api('KSamplerAdvanced', { model: ['12', 0], latent_image: ['10', 0] }),
      '17': api('VAEDecode', { samples: ['11', 0] }),
      '19': api('SaveImage', { images: ['17', 0] }),
    }
    expect(describedName(toGraph(sdxl), 'comfyui-api')).toBe('sd_xl_base_1.0 → image')
    // Stable Video Diffusion after an SDXL still: the video model made the saved file.
    const svd = {
      '1': api('CheckpointLoaderSimple', { ckpt_name: 'sd_xl_1.0.safetensors' }),
      '2': api('KSampler', { model: ['1', 0] }),
      '3': api('ImageOnlyCheckpointLoader', { ckpt_name: 'svd_xt.safetensors' }),
      '4': api('KSampler', { model: ['3', 0], latent_image: ['2', 0] }),
      '5': api('SaveAnimatedWEBP', { images: ['4', 0] }),
    }
    expect(describedName(toGraph(svd), 'comfyui-api')).toBe('svd_xt → video')
  })

  it('falls back on what it saves with the id, then on the id alone', () => {
    const noModel = { '1': api('LoadImage', { image: 'a.png' }), '2': api('SaveImage', { images: ['1', 0] }) }
    expect(automaticName(noModel, 'comfyui-api', 'sha256:0123456789ab')).toEqual({
      name: 'Image workflow 01234567',
      origin: 'auto',
    })
    expect(automaticName({ '1': api('LoadImage', {}) }, 'comfyui-api', 'sha256:0123456789ab').name).toBe(
      'Workflow 01234567',
    )
  })

  it('reads InvokeAI graphs as image workflows named by their main model', () => {
    expect(automaticName(fixture('invokeai-graph.json'), 'invokeai', 'x')).toEqual({
      name: 'Juggernaut XL v9 → image',
      origin: 'auto',
    })
  })
})

describe('a workflow named by its own title', () => {
  it('takes a ComfyUI workflow’s extra title or Crystools’ project name, but not a tool’s default', () => {
    expect(automaticName({ ...wanUi, extra: { title: 'Kites and koi' } }, 'comfyui-ui', 'x')).toEqual({
      name: 'Kites and koi',
      origin: 'title',
    })
    expect(ownTitle({ ...wanUi, extra: { info: { name: ' Night market  reel ' } } })).toBe('Night market reel')
    expect(ownTitle({ ...wanUi, extra: { info: { name: 'workflow' } } })).toBeNull()
  })

  it('takes the name of the one subgraph a template is made of (ComfyUI’s workflow templates)', () => {
    const template = fixture('comfyui-ui-v1-subgraph.json') as { nodes: { type: string }[] }
    const subgraphOnly = { ...template, nodes: template.nodes.filter((node) => node.type.includes('-')) }
    expect(ownTitle(subgraphOnly)).toBe('Decode and save')
    // With other working nodes beside it, the subgraph is one part, not the workflow.
    expect(ownTitle(template)).toBeNull()
  })

  it('takes an InvokeAI or native workflow’s name, and none from an API prompt', () => {
    expect(ownTitle(fixture('invokeai-workflow.json'))).toBe('Text to Image - SD1.5')
    expect(ownTitle(fixture('native.json'))).toBe('Upscale and interpolate')
    expect(ownTitle(wanApi)).toBeNull()
  })

  it('takes a file’s name without .json, but not the names ComfyUI saves under by default', () => {
    expect(fileTitle('/home/me/Lighthouse reel.json')).toBe('Lighthouse reel')
    expect(fileTitle('C:\\flows\\wan t2v.JSON')).toBe('wan t2v')
    for (const generic of ['workflow.json', 'workflow (3).json', 'workflow_api.json', 'Unsaved Workflow.json', '']) {
      expect(fileTitle(generic)).toBeNull()
    }
  })
})
