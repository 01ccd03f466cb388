import { describe, expect, it } from 'vitest'
import { definitionSeedAndPrompt } from '../../main/services/workflows/workflow-seed-prompt'

/** A UI-format node with its widget values and inputs linked by link id. */
function uiNode(id: number, type: string, widgets: unknown[], inputs: Array<[string, number]> = []) {
  return {
    id,
    type,
    widgets_values: widgets,
    inputs: inputs.map(([name, link]) => ({ name, type: 'CONDITIONING', link })),
  }
}

/**
 * As Wan's image-to-video workflows are drawn: the negative encoder first, both prompts through a conditioning node
 * that passes a positive and a negative on, and a SamplerCustom with a seed past 2^53.
 */
const WAN_LIKE = JSON.stringify({
  last_node_id: 50,
  last_link_id: 4,
  nodes: [
    uiNode(7, 'CLIPTextEncode', ['blurry, static, worst quality']),
    uiNode(6, 'CLIPTextEncode', ['a fox walking on a volcano']),
    uiNode(
      50,
      'WanImageToVideo',
      [832, 480, 33, 1],
      [
        ['positive', 1],
        ['negative', 2],
      ],
    ),
    uiNode(
      3,
      'SamplerCustom',
      [true, 'SEED', 'randomize', 3],
      [
        ['positive', 3],
        ['negative', 4],
      ],
    ),
  ],
  links: [
    [1, 6, 0, 50, 0, 'CONDITIONING'],
    [2, 7, 0, 50, 1, 'CONDITIONING'],
    [3, 50, 0, 3, 0, 'CONDITIONING'],
    [4, 50, 1, 3, 1, 'CONDITIONING'],
  ],
  version: 0.4,
}).replace('"SEED"', '18446744073709551615')

describe('the seed and prompt a workflow sets (the Workflows list, issue 37 point 3)', () => {
  it('follows the positive through conditioning nodes, never taking the negative, and keeps the seed to the digit', () => {
    expect(definitionSeedAndPrompt(WAN_LIKE, 'comfyui-ui')).toEqual({
      seed: '18446744073709551615',
      prompt: 'a fox walking on a volcano',
    })
  })

  it('without a sampler, takes the first encoder that feeds no negative', () => {
    const noSampler = JSON.parse(WAN_LIKE) as { nodes: Array<{ type: string }> }
    noSampler.nodes = noSampler.nodes.filter((node) => node.type !== 'SamplerCustom')
    expect(definitionSeedAndPrompt(JSON.stringify(noSampler), 'comfyui-ui')).toEqual({
      seed: null,
      prompt: 'a fox walking on a volcano',
    })
  })

  it('reads an API prompt, and says nothing of an unreadable or empty definition', () => {
    const api = {
      '1': { class_type: 'CLIPTextEncode', inputs: { text: 'a lantern in fog' } },
      '2': { class_type: 'KSampler', inputs: { seed: 42, positive: ['1', 0] } },
    }
    expect(definitionSeedAndPrompt(JSON.stringify(api), 'comfyui-api')).toEqual({
      seed: '42',
      prompt: 'a lantern in fog',
    })
    expect(definitionSeedAndPrompt('{"nodes": [', 'comfyui-ui')).toBeNull()
    expect(definitionSeedAndPrompt('{"nodes": [], "links": []}', 'comfyui-ui')).toBeNull()
  })
})
