import { describe, expect, it } from 'vitest'
import { invokeSaveNodes, readInvokeMetadata } from '../../main/generation/invokeai'

describe('readInvokeMetadata', () => {
  it("reads InvokeAI 3's model and LoRA shapes (model_name) as well as 4/5's (name)", () => {
    const v3 = readInvokeMetadata({
      positive_prompt: 'a lighthouse',
      negative_prompt: '',
      seed: 5,
      steps: 20,
      scheduler: 'euler_a',
      cfg_scale: 7,
      width: 768,
      height: 512,
      model: { model_name: 'stable-diffusion-v1-5', base_model: 'sd-1', model_type: 'main' },
      loras: [{ lora: { model_name: 'pixel-art', base_model: 'sd-1' }, weight: 0.6 }],
      app_version: '3.4.0',
    })
    expect(v3).toMatchObject({
      model: 'stable-diffusion-v1-5',
      prompt: 'a lighthouse',
      negativePrompt: null,
      sampler: 'euler_a',
      loras: [{ name: 'pixel-art', weight: 0.6 }],
      params: { app_version: '3.4.0', modelInfo: { model_name: 'stable-diffusion-v1-5' } },
    })
  })

  it('takes the non-intermediate nodes of a graph as the ones that wrote the image', () => {
    const graph = {
      nodes: { a: { type: 'noise', is_intermediate: true }, b: { type: 'l2i', is_intermediate: false } },
      edges: [],
    }
    expect(invokeSaveNodes(graph)).toEqual([{ nodeId: 'b', nodeType: 'l2i', fits: true }])
    expect(invokeSaveNodes('nonsense')).toEqual([])
  })
})
