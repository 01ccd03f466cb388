import { readFileSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { openLibrary } from '../../main/app/open-library'
import { seedAssets } from '../helpers/assets'
import { call, suiteTempDir } from '../helpers/browse'
import { cli, jsonLines } from '../helpers/cli'

let dir: string
let ids: string[]
const DEFINITION = {
  nodes: [
    { id: 'node1', type: 'prompt', parameters: { text: 'red fox' } },
    { id: 'node2', type: 'save', title: 'Save clip' },
  ],
  connections: [{ from: 'node1-output-0', to: 'node2-input-0' }],
}

beforeAll(async () => {
  dir = suiteTempDir()
  const lib = openLibrary(dir)
  try {
    ids = (await seedAssets(lib, 5)).map((asset) => asset.id)
    const create = (id: string, name: string, format: string, status: string) =>
      call(lib, 'workflows:create', { id, name, definition: JSON.stringify(DEFINITION), format, status })
    await create('wf-a', 'Portraits', 'native', 'saved')
    await create('wf-b', 'Landscapes', 'comfyui-api', 'draft')
    const at = (minute: number) => `2026-05-01T10:${String(minute).padStart(2, '0')}:00.000Z`
    await call(lib, 'executions:create', {
      workflowId: 'wf-a',
      id: 'run-1',
      status: 'completed',
      startedAt: at(1),
      completedAt: at(2),
    })
    await call(lib, 'executions:create', {
      workflowId: 'wf-a',
      id: 'run-2',
      status: 'failed',
      startedAt: at(5),
      completedAt: at(6),
      error: 'out of memory',
    })
    await call(lib, 'executions:create', { workflowId: 'wf-b', id: 'run-3', status: 'running', startedAt: at(3) })
    await call(lib, 'workflows:associate', {
      workflowId: 'wf-a',
      videoId: ids[0],
      nodeId: 'node1',
      nodeType: 'prompt',
      executionId: 'run-1',
    })
    await call(lib, 'workflows:associate', {
      workflowId: 'wf-a',
      videoId: ids[1],
      nodeId: 'node1',
      role: 'intermediate',
    })
    await call(lib, 'generation:set', {
      id: ids[0],
      provider: 'comfyui',
      model: 'sdxl',
      prompt: 'red fox in snow',
      seed: 42,
    })
  } finally {
    await lib.close()
  }
})

describe('CLI workflows', () => {
  it('lists workflows as JSON lines, filtered by status, format and query (name or prompt)', async () => {
    const all = await cli(['workflows', 'ls', '--library', dir])
    expect(all).toMatchObject({ code: 0, stderr: '' })
    const rows = jsonLines<{ id: string; executions: number; outputs: number; lastExecutedAt: string | null }>(
      all.stdout,
    )
    expect(rows.map((row) => row.id)).toEqual(['wf-b', 'wf-a'])
    expect(rows[1]).toMatchObject({ executions: 2, outputs: 1, lastExecutedAt: '2026-05-01T10:05:00.000Z' })
    const saved = jsonLines<{ id: string }>(
      (await cli(['workflows', 'ls', '--status', 'saved', '--library', dir])).stdout,
    )
    expect(saved.map((row) => row.id)).toEqual(['wf-a'])
    const api = jsonLines<{ id: string }>(
      (await cli(['workflows', 'ls', '--format', 'comfyui-api', '--library', dir])).stdout,
    )
    expect(api.map((row) => row.id)).toEqual(['wf-b'])
    const byPrompt = jsonLines<{ id: string }>(
      (await cli(['workflows', 'ls', '--query', 'fox', '--library', dir])).stdout,
    )
    expect(byPrompt.map((row) => row.id)).toEqual(['wf-a'])
  })

  it('shows a workflow as its graph (nodes, edges) with the assets of each node', async () => {
    const shown = await cli(['workflow', 'show', 'wf-a', '--library', dir])
    expect(shown).toMatchObject({ code: 0, stderr: '' })
    const [printed] = jsonLines(shown.stdout)
    expect(printed).toEqual({
      workflow: expect.objectContaining({ id: 'wf-a', name: 'Portraits', format: 'native', status: 'saved' }),
      nodes: [
        {
          id: 'node1',
          type: 'prompt',
          title: 'prompt',
          parameters: { text: 'red fox' },
          media: expect.arrayContaining([
            { id: ids[0], name: expect.any(String), role: 'output', executionId: 'run-1' },
            { id: ids[1], name: expect.any(String), role: 'intermediate', executionId: null },
          ]),
        },
        { id: 'node2', type: 'save', title: 'Save clip', parameters: {}, media: [] },
      ],
      edges: [{ from: { node: 'node1', slot: 0 }, to: { node: 'node2', input: '0' }, type: null }],
      problems: [],
      otherNodes: [],
    })
  })

  it('lists assets on node ids the graph lacks under otherNodes, and says why the graph is empty', async () => {
    const lib = openLibrary(dir)
    try {
      await call(lib, 'workflows:associate', { workflowId: 'wf-b', videoId: ids[2], nodeId: 'gone', role: 'input' })
    } finally {
      await lib.close()
    }
    const [printed] = jsonLines<{ nodes: unknown[]; problems: string[]; otherNodes: unknown[] }>(
      (await cli(['workflow', 'show', 'wf-b', '--library', dir])).stdout,
    )
    // wf-b is stored as comfyui-api but holds a native graph: read as stored, nothing fits.
    expect(printed.nodes).toEqual([])
    expect(printed.problems).toContain('read as comfyui-api, but it looks like native')
    expect(printed.otherNodes).toEqual([
      { id: 'gone', type: null, media: [{ id: ids[2], name: expect.any(String), role: 'input', executionId: null }] },
    ])
  })

  it("shows a subgraph's nodes inside its instance, with the assets of an inner node (5:11)", async () => {
    const lib = openLibrary(dir)
    try {
      const definition = readFileSync(path.resolve('test/fixtures/workflows/comfyui-ui-v1-subgraph.json'), 'utf8')
      await call(lib, 'workflows:create', { id: 'wf-sub', name: 'Sub', definition, format: 'comfyui-ui' })
      await call(lib, 'workflows:associate', { workflowId: 'wf-sub', videoId: ids[3], nodeId: '5:11' })
    } finally {
      await lib.close()
    }
    type Shown = { id: string; type: string; media: Array<{ id: string }>; subgraph?: { nodes: Shown[] } }
    const [printed] = jsonLines<{ nodes: Shown[]; otherNodes: unknown[] }>(
      (await cli(['workflow', 'show', 'wf-sub', '--library', dir])).stdout,
    )
    const instance = printed!.nodes.find((node) => node.id === '5')!
    expect(instance.subgraph!.nodes.map((node) => [node.id, node.type, node.media.map((m) => m.id)])).toEqual([
      ['5:-10', 'SubgraphInput', []],
      ['5:-20', 'SubgraphOutput', []],
      ['5:10', 'VAEDecode', []],
      ['5:11', 'SaveImage', [ids[3]]],
    ])
    expect(printed!.otherNodes).toEqual([])
  })

  it('lists executions newest first, of one workflow when asked', async () => {
    const all = jsonLines<{ id: string }>((await cli(['executions', 'ls', '--library', dir])).stdout)
    expect(all.map((row) => row.id)).toEqual(['run-2', 'run-3', 'run-1'])
    const ofA = await cli(['executions', 'ls', '--workflow', 'wf-a', '--library', dir])
    expect(jsonLines(ofA.stdout)).toEqual([
      expect.objectContaining({ id: 'run-2', status: 'failed', error: 'out of memory', outputs: 0 }),
      expect.objectContaining({ id: 'run-1', status: 'completed', outputs: 1 }),
    ])
  })

  it('shows an asset with its generation details and workflow nodes', async () => {
    const shown = await cli(['show', ids[0]!, '--library', dir])
    expect(shown.code).toBe(0)
    const [asset] = jsonLines(shown.stdout)
    expect(asset).toMatchObject({
      id: ids[0],
      tags: [],
      generation: { provider: 'comfyui', model: 'sdxl', prompt: 'red fox in snow', seed: '42' },
      workflows: [
        {
          workflowId: 'wf-a',
          name: 'Portraits',
          nodeId: 'node1',
          role: 'output',
          executionId: 'run-1',
          executionStatus: 'completed',
        },
      ],
    })
    const plain = jsonLines((await cli(['show', ids[4]!, '--library', dir])).stdout)
    expect(plain[0]).toMatchObject({ id: ids[4], generation: null, workflows: [] })
  })

  it('lists versions, prints an asset’s exact definition, and diffs two versions (issue 20)', async () => {
    const v1 = JSON.stringify(DEFINITION, null, 2)
    const v2 = {
      nodes: [
        ...DEFINITION.nodes.map((n) => (n.id === 'node1' ? { ...n, parameters: { text: 'grey wolf' } } : n)),
        { id: 'node3', type: 'upscale' },
      ],
      connections: [...DEFINITION.connections, { from: 'node2-output-0', to: 'node3-input-0' }],
    }
    const lib = openLibrary(dir)
    try {
      await call(lib, 'workflows:create', { id: 'wf-v', name: 'Versions', definition: v1, format: 'native' })
      await call(lib, 'workflows:associate', { workflowId: 'wf-v', videoId: ids[3], nodeId: 'node2' })
      await call(lib, 'workflows:create', {
        id: 'wf-v',
        name: 'ignored',
        definition: JSON.stringify(v2),
        format: 'native',
      })
    } finally {
      await lib.close()
    }
    const versions = await cli(['workflow', 'versions', 'wf-v', '--library', dir])
    expect(versions).toMatchObject({ code: 0, stderr: '' })
    expect(
      jsonLines<{ ordinal: number; definitions: number }>(versions.stdout).map((v) => [v.ordinal, v.definitions]),
    ).toEqual([
      [1, 1],
      [2, 1],
    ])
    // The text as it was given, indentation and all (the association predates definitions: version 1).
    const json = await cli(['workflow', 'json', ids[3]!, '--workflow', 'wf-v', '--library', dir])
    expect(json).toMatchObject({ code: 0, stdout: `${v1}\n` })
    const diff = await cli(['workflow', 'diff', 'wf-v', '1', 'v2', '--library', dir])
    expect(diff).toMatchObject({ code: 0, stderr: '' })
    expect(jsonLines(diff.stdout)).toEqual([
      expect.objectContaining({
        nodes: {
          added: [{ id: 'node3', type: 'upscale', title: 'upscale' }],
          removed: [],
          changed: [
            {
              id: 'node1',
              type: 'prompt',
              title: 'prompt',
              widgets: [{ name: 'text', old: 'red fox', new: 'grey wolf' }],
            },
          ],
        },
        links: {
          added: [{ from: { node: 'node2', slot: 0 }, to: { node: 'node3', input: '0' }, type: null }],
          removed: [],
        },
      }),
    ])
  })

  it.each([
    [['workflow', 'show', 'nope'], 1, 'No workflow with id nope'],
    [['workflow', 'show'], 2, 'workflow show needs a workflow id'],
    [['workflows'], 2, 'workflows needs "ls"'],
    [['workflows', 'ls', '--status', 'finished'], 2, 'status'],
    [['executions', 'ls', '--workflow', 'nope'], 1, 'No workflow with id nope'],
    [['workflow', 'diff', 'wf-a', '1', '5'], 1, 'Workflow wf-a has no version 5 (it has 1 version).'],
    [['workflow', 'diff', 'wf-a', '1'], 2, 'workflow diff needs a workflow id and two versions'],
    [['workflow', 'diff', 'wf-a', '1', 'latest'], 2, '"latest" is no version'],
    [['workflow', 'json', 'x'], 1, 'No asset with id x.'],
  ])('refuses %j (exit %i)', async (args, code, message) => {
    const result = await cli([...args, '--library', dir])
    expect(result).toMatchObject({ code, stdout: '' })
    expect(result.stderr).toContain(message)
  })
})
