import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { detectFormat, storedFormat, toGraph, type Graph } from '../../shared/workflow-graph'

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/workflows')
const fixture = (name: string): unknown => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8'))
const node = (graph: Graph, id: string) => graph.nodes.find((candidate) => candidate.id === id)!
const edgeInto = (graph: Graph, id: string, input: string) =>
  graph.edges.find((edge) => edge.to.node === id && edge.to.input === input)

describe('detectFormat', () => {
  it.each([
    ['comfyui-ui-v04.json', 'comfyui-ui', 'comfyui-ui'],
    ['comfyui-ui-v1-subgraph.json', 'comfyui-ui', 'comfyui-ui'],
    ['comfyui-api.json', 'comfyui-api', 'comfyui-api'],
    ['invokeai-graph.json', 'invokeai-graph', 'invokeai'],
    ['invokeai-workflow.json', 'invokeai-workflow', 'invokeai'],
    ['native.json', 'native', 'native'],
  ])('tells %s is %s (stored as %s)', (name, detected, stored) => {
    const format = detectFormat(fixture(name))
    expect(format).toBe(detected)
    expect(storedFormat(format!)).toBe(stored)
  })

  it.each([null, 3, 'text', [], {}, { nodes: 'x' }, { a: { b: 1 } }, { nodes: [] }])('finds none in %j', (json) => {
    expect(detectFormat(json)).toBeNull()
  })
})

describe('ComfyUI UI format v0.4', () => {
  const graph = toGraph(fixture('comfyui-ui-v04.json'))

  it('reads every node and link array, naming inputs from the target slot', () => {
    expect(graph.problems).toEqual([])
    expect(graph.nodes).toHaveLength(8)
    expect(graph.edges).toHaveLength(10)
    expect(edgeInto(graph, '3', 'negative')).toEqual({
      id: '6',
      from: { node: '7', slot: 0 },
      to: { node: '3', input: 'negative' },
      type: 'CONDITIONING',
    })
    expect(edgeInto(graph, '8', 'vae')?.from).toEqual({ node: '4', slot: 2 })
  })

  it('names positional widget values from the table of common nodes', () => {
    expect(node(graph, '3').parameters).toEqual({
      seed: 156680208700286,
      control_after_generate: 'randomize',
      steps: 20,
      cfg: 8,
      sampler_name: 'euler',
      scheduler: 'normal',
      denoise: 1,
    })
    expect(node(graph, '5').parameters).toEqual({ width: 512, height: 512, batch_size: 1 })
    expect(node(graph, '6').parameters).toEqual({ text: 'a lighthouse on a cliff at dusk, waves, film grain' })
    expect(node(graph, '4').parameters).toEqual({ ckpt_name: 'v1-5-pruned-emaonly.safetensors' })
  })

  it("names the animated and video save nodes' values too", () => {
    const saving = (type: string, values: unknown[]) =>
      toGraph({ last_node_id: 1, nodes: [{ id: 1, type, widgets_values: values }], links: [], version: 0.4 }).nodes[0]!
    expect(saving('SaveAnimatedWEBP', ['ComfyUI', 6, false, 80, 'default']).parameters).toEqual({
      filename_prefix: 'ComfyUI',
      fps: 6,
      lossless: false,
      quality: 80,
      method: 'default',
    })
    expect(saving('SaveAnimatedPNG', ['ComfyUI', 6, 4]).parameters).toEqual({
      filename_prefix: 'ComfyUI',
      fps: 6,
      compress_level: 4,
    })
    expect(saving('SaveWEBM', ['ComfyUI', 'vp9', 24, 32]).parameters).toEqual({
      filename_prefix: 'ComfyUI',
      codec: 'vp9',
      fps: 24,
      crf: 32,
    })
  })

  it("keeps VideoHelperSuite's object of widget values by name, and the bypassed mode", () => {
    const combine = node(graph, '10')
    expect(combine.parameters).toMatchObject({ frame_rate: 8, format: 'video/h264-mp4', crf: 19 })
    expect(combine.mode).toBe('bypassed')
    expect(node(graph, '3').mode).toBeUndefined()
  })

  it('keeps titles, positions and sizes', () => {
    expect(node(graph, '6')).toMatchObject({
      type: 'CLIPTextEncode',
      title: 'Positive prompt',
      position: { x: 415, y: 186 },
      size: { width: 422, height: 164 },
    })
    expect(node(graph, '8').title).toBe('VAEDecode')
  })

  it('puts each node in the innermost group holding its centre', () => {
    expect(graph.groups?.map((group) => group.title)).toEqual(['Prompts', 'Outputs', 'Negative'])
    const groupOf = (id: string) => graph.groups!.find((group) => group.id === node(graph, id).group)?.title ?? null
    expect(groupOf('6')).toBe('Prompts')
    expect(groupOf('7')).toBe('Negative')
    expect(groupOf('9')).toBe('Outputs')
    expect(groupOf('10')).toBe('Outputs')
    expect(groupOf('5')).toBeNull()
    expect(groupOf('3')).toBeNull()
  })
})

describe('ComfyUI widget names in older files', () => {
  // Before widget inputs, only widgets converted to inputs were declared: a partial list.
  const converted = (type: string, values: unknown[]) =>
    toGraph({
      version: 0.4,
      links: [],
      nodes: [
        {
          id: 1,
          type,
          inputs: [{ name: 'seed', type: 'INT', widget: { name: 'seed' }, link: null }],
          widgets_values: values,
        },
      ],
    }).nodes[0]!.parameters

  it('prefers the table over a partial declared list', () => {
    expect(converted('KSampler', [7, 'fixed', 20, 8, 'euler', 'normal', 1])).toMatchObject({
      seed: 7,
      steps: 20,
      denoise: 1,
    })
  })

  it('names the values of an unknown node by position rather than misname them', () => {
    expect(converted('MySampler', [7, 'fixed', 20, 8])).toEqual({
      'widgets_values[0]': 7,
      'widgets_values[1]': 'fixed',
      'widgets_values[2]': 20,
      'widgets_values[3]': 8,
    })
  })
})

describe('ComfyUI UI format v1 with a subgraph', () => {
  const graph = toGraph(fixture('comfyui-ui-v1-subgraph.json'))

  it('reads link objects and the root level', () => {
    expect(graph.problems).toEqual([])
    expect(graph.nodes.map((n) => n.id)).toEqual(['1', '2', '3', '4', '5'])
    expect(graph.edges).toHaveLength(6)
    expect(edgeInto(graph, '4', 'latent_image')?.from).toEqual({ node: '3', slot: 0 })
    expect(edgeInto(graph, '5', 'vae')).toMatchObject({ from: { node: '1', slot: 2 }, type: 'VAE' })
  })

  it('names widget values from the declared widget inputs, the seed control included', () => {
    expect(node(graph, '4').parameters).toEqual({
      seed: 42,
      control_after_generate: 'fixed',
      steps: 30,
      cfg: 6,
      sampler_name: 'uni_pc',
      scheduler: 'simple',
      denoise: 1,
    })
    expect(node(graph, '4').title).toBe('Sampler')
    expect(node(graph, '2').parameters).toEqual({ text: 'a red fox running through snow, slow motion' })
  })

  it('shows the subgraph instance as one node that opens into its definition', () => {
    const instance = node(graph, '5')
    expect(instance.title).toBe('Decode and save')
    const inner = instance.subgraph!
    expect(inner.nodes.map((n) => [n.id, n.type])).toEqual([
      ['-10', 'SubgraphInput'],
      ['-20', 'SubgraphOutput'],
      ['10', 'VAEDecode'],
      ['11', 'SaveImage'],
    ])
    expect(inner.edges).toHaveLength(4)
    expect(edgeInto(inner, '10', 'vae')?.from).toEqual({ node: '-10', slot: 1 })
    expect(edgeInto(inner, '-20', 'IMAGE')?.from).toEqual({ node: '10', slot: 0 })
    expect(node(inner, '11').parameters).toEqual({ filename_prefix: 'fox/clip' })
    expect(node(inner, '-10')).toMatchObject({ position: { x: -200, y: 100 }, size: { width: 120, height: 80 } })
  })

  it('uses group ids from the file', () => {
    expect(node(graph, '4').group).toBe('1')
    expect(node(graph, '1').group).toBeNull()
  })

  it('does not open a subgraph that contains itself', () => {
    const json = fixture('comfyui-ui-v1-subgraph.json') as { definitions: { subgraphs: { nodes: unknown[] }[] } }
    const definition = json.definitions.subgraphs[0]!
    definition.nodes.push({ id: 12, type: '9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d', pos: [0, 0] })
    const looped = toGraph(json)
    const inner = node(looped, '5').subgraph!
    expect(node(inner, '12').subgraph).toBeUndefined()
    expect(looped.problems.some((problem) => problem.includes('contains itself'))).toBe(true)
  })
})

describe('ComfyUI API format', () => {
  const graph = toGraph(fixture('comfyui-api.json'))

  it('turns [nodeId, outputIndex] inputs into edges and the rest into parameters', () => {
    expect(graph.problems).toEqual([])
    expect(graph.nodes).toHaveLength(8)
    expect(graph.edges).toHaveLength(10)
    expect(node(graph, '3').parameters).toEqual({
      seed: 156680208700286,
      steps: 20,
      cfg: 8,
      sampler_name: 'euler',
      scheduler: 'normal',
      denoise: 1,
    })
    expect(edgeInto(graph, '3', 'latent_image')?.from).toEqual({ node: '5', slot: 0 })
    expect(graph.nodes.every((n) => n.position === null)).toBe(true)
  })

  it('unwraps {"__value__": ...} and takes titles from _meta', () => {
    expect(node(graph, '12').parameters).toEqual({ values: [1, 0.5, 0.25] })
    expect(node(graph, '4').title).toBe('Load Checkpoint')
  })
})

describe('InvokeAI', () => {
  it('reads a graph: nodes map, field-to-field edges, bookkeeping fields left out', () => {
    const graph = toGraph(fixture('invokeai-graph.json'))
    expect(graph.problems).toEqual([])
    expect(graph.nodes).toHaveLength(5)
    expect(graph.edges).toHaveLength(7)
    expect(node(graph, 'noise').parameters).toEqual({ seed: 3312, width: 1024, height: 1024, use_cpu: true })
    expect(edgeInto(graph, 'sdxl_denoise_latents', 'positive_conditioning')?.from).toEqual({
      node: 'positive_conditioning',
      slot: 'conditioning',
    })
  })

  it('reads a workflow: data.inputs values, positions, labels, notes; collapsed edges skipped', () => {
    const graph = toGraph(fixture('invokeai-workflow.json'))
    expect(graph.problems).toEqual([])
    expect(graph.nodes).toHaveLength(6)
    expect(graph.edges).toHaveLength(5)
    const prompt = node(graph, '7d8bf987-284f-413a-b2fd-d825445a5d6c')
    expect(prompt).toMatchObject({ type: 'compel', title: 'Positive Compel Prompt', position: { x: 375, y: -525 } })
    expect(prompt.parameters).toEqual({ prompt: 'Super cute tiger cub, national geographic award-winning photograph' })
    const denoise = node(graph, 'eea2702a-19fb-45b5-9d75-56b4211ec03c')
    expect(denoise.parameters).toEqual({ steps: 30, cfg_scale: 7.5, scheduler: 'dpmpp_sde_k' })
    expect(edgeInto(graph, denoise.id, 'seed')?.from.slot).toBe('value')
    expect(node(graph, '1a2b3c4d-0000-4000-8000-00000000aaaa')).toMatchObject({
      type: 'notes',
      title: 'Read me',
      parameters: { notes: 'Seed is random per run.' },
    })
    expect(node(graph, 'c8d55139-f380-4695-b7f2-8b3d1e1e3db8').size).toEqual({ width: 320, height: 226 })
  })

  it('reads with the format it is told, saying when the shape disagrees', () => {
    const graph = toGraph(fixture('comfyui-api.json'), 'native')
    expect(graph.nodes).toEqual([])
    expect(graph.problems[0]).toBe('read as native, but it looks like comfyui-api')
    expect(toGraph({}, 'comfyui-ui').problems).toEqual(['read as comfyui-ui, but it looks like no known format'])
  })

  it('reads a stored "invokeai" definition by its shape', () => {
    expect(toGraph(fixture('invokeai-graph.json'), 'invokeai').nodes).toHaveLength(5)
    expect(toGraph(fixture('invokeai-workflow.json'), 'invokeai').nodes).toHaveLength(6)
  })
})

describe('native format', () => {
  const graph = toGraph(fixture('native.json'))

  it('parses "<node>-output-<n>" connections, node ids with dashes included', () => {
    expect(graph.problems).toEqual([])
    expect(graph.nodes).toHaveLength(4)
    expect(graph.edges.map((edge) => [edge.from, edge.to])).toEqual([
      [
        { node: 'load-1', slot: 0 },
        { node: 'upscale-2', input: '0' },
      ],
      [
        { node: 'upscale-2', slot: 0 },
        { node: 'rife-3', input: '0' },
      ],
      [
        { node: 'rife-3', slot: 0 },
        { node: 'save-4', input: 'video' },
      ],
    ])
    expect(graph.edges[2]!.type).toBe('VIDEO')
  })

  it('keeps names, parameters and positions', () => {
    expect(node(graph, 'load-1')).toMatchObject({
      title: 'Source clip',
      parameters: { path: 'input/clip.mp4' },
      position: { x: 0, y: 0 },
    })
    expect(node(graph, 'upscale-2').title).toBe('upscale')
  })
})
