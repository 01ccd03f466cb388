import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { outputFile, readComfyHistory, type HistoryOutput } from '../../main/generation/comfy-history'

const T0 = Date.UTC(2026, 10, 20, 9, 0, 0)
const api = {
  '3': { class_type: 'KSampler', inputs: { seed: 42, model: ['4', 0] } },
  '4': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'sd_xl_base_1.0.safetensors' } },
  '9': { class_type: 'SaveImage', inputs: { images: ['8', 0], filename_prefix: 'ComfyUI' } },
  '12': { class_type: 'VHS_VideoCombine', inputs: { images: ['8', 0], format: 'video/h264-mp4' } },
}
const workflow = { id: '5a0c8a4e-8c71-4b8e-9c1f-4f1d0f3b6a11', last_node_id: 12, nodes: [], links: [], version: 0.4 }

/** A history as ComfyUI's /history answers it: two finished runs, a failed one, an interrupted one, an old one. */
const HISTORY = {
  'b1f0…-ok': {
    prompt: [7, 'b1f0…-ok', api, { client_id: 'c1', extra_pnginfo: { workflow } }, ['9', '12']],
    outputs: {
      '9': { images: [{ filename: 'ComfyUI_00007_.png', subfolder: '', type: 'output' }] },
      '12': {
        gifs: [
          {
            filename: 'AnimateDiff_00003.mp4',
            subfolder: 'clips',
            type: 'output',
            format: 'video/h264-mp4',
            frame_rate: 8,
          },
        ],
      },
      '15': { images: [{ filename: 'ComfyUI_temp_abcd_00001_.png', subfolder: '', type: 'temp' }] },
    },
    status: {
      status_str: 'success',
      completed: true,
      messages: [
        ['execution_start', { prompt_id: 'b1f0…-ok', timestamp: T0 }],
        ['execution_cached', { nodes: ['4', '6'], prompt_id: 'b1f0…-ok', timestamp: T0 + 5 }],
        ['execution_success', { prompt_id: 'b1f0…-ok', timestamp: T0 + 12_345 }],
      ],
    },
    meta: { '9': { node_id: '9', display_node: '9' } },
  },
  'c2-error': {
    prompt: [8, 'c2-error', api, {}, ['9']],
    outputs: {},
    status: {
      status_str: 'error',
      completed: false,
      messages: [
        ['execution_start', { prompt_id: 'c2-error', timestamp: T0 + 20_000 }],
        [
          'execution_error',
          {
            prompt_id: 'c2-error',
            node_id: '3',
            node_type: 'KSampler',
            exception_message: 'Allocation on device 0 would exceed allowed memory.\n',
            exception_type: 'torch.OutOfMemoryError',
            traceback: ['…'],
            timestamp: T0 + 21_000,
          },
        ],
      ],
    },
  },
  'd3-stop': {
    prompt: [9, 'd3-stop', api, {}, ['9']],
    outputs: {},
    status: {
      status_str: 'error',
      completed: false,
      messages: [
        ['execution_start', { prompt_id: 'd3-stop', timestamp: T0 + 30_000 }],
        [
          'execution_interrupted',
          { prompt_id: 'd3-stop', node_id: '3', node_type: 'KSampler', executed: ['4'], timestamp: T0 + 31_000 },
        ],
      ],
    },
  },
  'a0-old': {
    prompt: [2, 'a0-old', api, {}, ['9']],
    outputs: { '9': { images: [{ filename: 'old.png', subfolder: '', type: 'output' }] } },
  },
  broken: 'not an entry',
}

describe('readComfyHistory', () => {
  const { executions, problems } = readComfyHistory(HISTORY)
  const byId = Object.fromEntries(executions.map((execution) => [execution.promptId, execution]))

  it('reads each prompt id as an execution, in queue order, and names the entry it could not read', () => {
    expect(executions.map((execution) => [execution.promptId, execution.number, execution.status])).toEqual([
      ['a0-old', 2, 'completed'],
      ['b1f0…-ok', 7, 'completed'],
      ['c2-error', 8, 'failed'],
      ['d3-stop', 9, 'cancelled'],
    ])
    expect(problems).toEqual(['broken: not a history entry'])
  })

  it('takes start and end from the status messages, the cached nodes, the prompt and the workflow', () => {
    const ok = byId['b1f0…-ok']!
    expect(ok.startedAt).toBe('2026-11-20T09:00:00.000Z')
    expect(ok.completedAt).toBe('2026-11-20T09:00:12.345Z')
    expect(ok.cachedNodes).toEqual(['4', '6'])
    expect(ok.error).toBeNull()
    expect(ok.apiPrompt).toBe(api)
    expect(ok.workflow).toBe(workflow)
    expect(byId['a0-old']).toMatchObject({ startedAt: null, completedAt: null, workflow: null })
  })

  it('lists every file each node wrote, previews included and marked temp', () => {
    expect(byId['b1f0…-ok']!.outputs).toEqual([
      { nodeId: '9', kind: 'images', filename: 'ComfyUI_00007_.png', subfolder: '', type: 'output' },
      { nodeId: '12', kind: 'gifs', filename: 'AnimateDiff_00003.mp4', subfolder: 'clips', type: 'output' },
      { nodeId: '15', kind: 'images', filename: 'ComfyUI_temp_abcd_00001_.png', subfolder: '', type: 'temp' },
    ])
  })

  it('keeps the failing node and its message, and an interruption as cancelled at its node', () => {
    expect(byId['c2-error']).toMatchObject({
      completedAt: '2026-11-20T09:00:21.000Z',
      error: {
        nodeId: '3',
        nodeType: 'KSampler',
        message: 'Allocation on device 0 would exceed allowed memory.',
        exceptionType: 'torch.OutOfMemoryError',
      },
    })
    expect(byId['d3-stop']!.error).toEqual({
      nodeId: '3',
      nodeType: 'KSampler',
      message: 'Interrupted.',
      exceptionType: null,
    })
  })

  it('reads a run that did not complete as failed even without an error message, and garbage as a problem', () => {
    const silent = readComfyHistory({
      p: { prompt: [1, 'p', {}, {}, []], status: { status_str: 'error', completed: false, messages: [] } },
    })
    expect(silent.executions[0]).toMatchObject({ status: 'failed', error: null })
    for (const garbage of [null, [], 'x', 3]) {
      expect(readComfyHistory(garbage)).toEqual({
        executions: [],
        problems: ['The history is not a JSON object of prompt ids.'],
      })
    }
  })
})

describe('outputFile', () => {
  const dir = path.join(path.sep, 'srv', 'ComfyUI', 'output')
  const output = (subfolder: string, filename: string): HistoryOutput => ({
    nodeId: '9',
    kind: 'images',
    filename,
    subfolder,
    type: 'output',
  })

  it('places an output under the output folder, subfolders included', () => {
    expect(outputFile(dir, output('', 'a.png'))).toBe(path.join(dir, 'a.png'))
    expect(outputFile(dir, output('clips/day 1', 'b.mp4'))).toBe(path.join(dir, 'clips', 'day 1', 'b.mp4'))
  })

  it.each([
    ['..', 'secrets.txt'],
    ['../..', 'etc/passwd'],
    ['', '../outside.png'],
    ['/etc', 'passwd'],
    ['', '/etc/passwd'],
    ['clips/../..', 'x.png'],
    ['', ''],
  ])('refuses subfolder %j with name %j: it leads out of the output folder', (subfolder, filename) => {
    expect(outputFile(dir, output(subfolder, filename))).toBeNull()
  })
})
