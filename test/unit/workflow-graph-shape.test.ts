import { describe, expect, it } from 'vitest'
import { diffGraphs, graphShape, toGraph } from '../../shared/workflow-graph'
import { comfyApiPrompt, comfyUiWorkflow, type ComfyGraphOptions } from '../fixtures/comfy-documents'

const BASE: ComfyGraphOptions = {
  seed: 1,
  positive: 'a lighthouse at dusk',
  negative: 'blurry',
  ckpt: 'sd15.safetensors',
  width: 512,
  height: 512,
  save: { type: 'SaveImage', widgets: { filename_prefix: 'ComfyUI' } },
}

describe('workflow shape and diff (issue 20 point 1)', () => {
  it('gives API prompts that differ only in widget values one shape, and one with another node another', () => {
    const shape = (o: ComfyGraphOptions) => graphShape(toGraph(comfyApiPrompt(o), 'comfyui-api'))
    expect(shape({ ...BASE, seed: 99, positive: 'a kite', steps: 30 })).toEqual(shape(BASE))
    expect(shape({ ...BASE, preview: true })).not.toEqual(shape(BASE))
    expect(shape(BASE).links).toContain(JSON.stringify(['8', '0', '9', 'images']))
  })

  it('ignores positions, sizes and colours of a UI workflow, not its links', () => {
    const ui = comfyUiWorkflow(BASE, 'w', 1) as { nodes: Record<string, unknown>[]; links: Record<string, unknown>[] }
    const moved = structuredClone(ui)
    moved.nodes = moved.nodes.map((node) => ({ ...node, pos: [0, 0], size: [10, 10], color: '#223' }))
    expect(graphShape(toGraph(moved, 'comfyui-ui'))).toEqual(graphShape(toGraph(ui, 'comfyui-ui')))
    const rewired = structuredClone(ui)
    rewired.links = rewired.links.map((link) =>
      link.target_id === 3 && link.target_slot === 1 ? { ...link, origin_id: 7 } : link,
    )
    expect(graphShape(toGraph(rewired, 'comfyui-ui'))).not.toEqual(graphShape(toGraph(ui, 'comfyui-ui')))
  })

  it('diffs API prompts: the changed widget old → new, the added node and link, exact bigints', () => {
    const before = comfyApiPrompt(BASE) as Record<string, { inputs: Record<string, unknown> }>
    before['3']!.inputs.seed = 18446744073709551615n
    const after = comfyApiPrompt({ ...BASE, preview: true, positive: 'a kite' }) as typeof before
    after['3']!.inputs.seed = 18446744073709551614n
    const diff = diffGraphs(toGraph(before, 'comfyui-api'), toGraph(after, 'comfyui-api'))
    expect(diff.nodes.added).toEqual([{ id: '11', type: 'PreviewImage', title: 'Preview Image' }])
    expect(diff.nodes.changed.map((node) => [node.id, node.widgets])).toEqual([
      ['3', [{ name: 'seed', old: '18446744073709551615', new: '18446744073709551614' }]],
      ['6', [{ name: 'text', old: 'a lighthouse at dusk', new: 'a kite' }]],
    ])
    expect(diff.links).toEqual({
      added: [{ from: { node: '8', slot: 0 }, to: { node: '11', input: 'images' }, type: null }],
      removed: [],
    })
    expect(diffGraphs(toGraph(before, 'comfyui-api'), toGraph(before, 'comfyui-api')).nodes.changed).toEqual([])
  })
})
