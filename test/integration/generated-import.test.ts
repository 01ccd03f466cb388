import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, inject, it } from 'vitest'
import type { AssetWorkflow, Generation, GeneratedImportResult } from '../../shared/contract'
import { dispatch } from '../../main/dispatch'
import type { LocalLibrary } from '../../main/services/library-context'
import { configHash } from '../../main/hashing/canonical-json'
import { startWebHost, type WebHost } from '../../main/web/web-host'
import { call } from '../helpers/browse'
import { http } from '../helpers/http'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

const fx = inject('fixtures')
// The original manager's own format: a prompt node feeding a save node.
const WORKFLOW = {
  nodes: [
    { id: 'prompt', type: 'TextPrompt', parameters: { text: 'a lighthouse at dusk' } },
    { id: 'save', type: 'SaveVideo', parameters: { fps: 24 } },
  ],
  connections: [{ from: 'prompt-output-0', to: 'save-input-0' }],
}
const WORKFLOW_ID = configHash(WORKFLOW)
// Past 2^53: a number would lose its last digits.
const BIG_SEED = '18446744073709551615'

let host: WebHost | undefined
afterEach(async () => {
  await host?.close()
  host = undefined
})

const importGenerated = (lib: LocalLibrary, input: Record<string, unknown>) =>
  call<GeneratedImportResult>(lib, 'media:import-generated', input)
const generationOf = (lib: LocalLibrary, id: string) =>
  call<{ generation: Generation | null; workflows: AssetWorkflow[] }>(lib, 'generation:get', { id })
const counts = (lib: LocalLibrary) =>
  lib.sqlite.db
    .prepare(
      `SELECT (SELECT count(*) FROM videos) AS videos, (SELECT count(*) FROM jobs WHERE kind = 'import') AS jobs,
              (SELECT count(*) FROM workflows) AS workflows, (SELECT count(*) FROM workflow_executions) AS executions,
              (SELECT count(*) FROM workflow_videos) AS associations, (SELECT count(*) FROM video_generation) AS details`,
    )
    .get() as Record<string, number>

describe('media:import-generated', () => {
  it('imports a file with its details, workflow, node and a new run, in one call', async () => {
    const lib = testLibrary()
    const result = await importGenerated(lib, {
      path: fx.mp4,
      generation: {
        provider: 'my-generator',
        model: 'wan2.1-t2v-14b',
        prompt: 'a lighthouse at dusk',
        negativePrompt: 'blurry',
        seed: BIG_SEED,
        generationParams: JSON.stringify({ steps: 30, cfg: 6, loras: [{ name: 'film.safetensors', weight: 0.6 }] }),
        completedAt: '2026-05-01T10:00:00Z',
      },
      workflow: { definition: JSON.stringify(WORKFLOW), name: 'Lighthouse' },
      nodeId: 'save',
      role: 'output',
      executionId: 'run-7',
    })
    expect(result).toEqual({
      assetId: expect.stringMatching(/^[0-9a-f]{16}$/),
      outcome: 'imported',
      jobId: expect.any(String),
      workflowId: WORKFLOW_ID,
      nodeId: 'save',
      nodeType: 'SaveVideo',
      executionId: 'run-7',
      executionCreated: true,
    })
    const stored = await generationOf(lib, result.assetId)
    expect(stored.generation).toMatchObject({
      provider: 'my-generator',
      prompt: 'a lighthouse at dusk',
      seed: BIG_SEED,
      generationParams: { steps: 30, cfg: 6, loras: [{ name: 'film.safetensors', weight: 0.6 }] },
    })
    expect(stored.workflows).toEqual([
      {
        workflowId: WORKFLOW_ID,
        name: 'Lighthouse',
        format: 'native',
        nodeId: 'save',
        nodeType: 'SaveVideo',
        role: 'output',
        executionId: 'run-7',
        executionStatus: 'completed',
      },
    ])
    const run = await call<{ execution: { workflowId: string; startedAt: string } }>(lib, 'executions:get', {
      id: 'run-7',
    })
    expect(run.execution).toMatchObject({ workflowId: WORKFLOW_ID, startedAt: '2026-05-01T10:00:00.000Z' })
  })

  it('gives a duplicate the association too, and a stored workflow can be named by its id alone', async () => {
    const lib = testLibrary()
    const first = await importGenerated(lib, {
      path: fx.mp4,
      workflow: { definition: JSON.stringify(WORKFLOW) },
      nodeId: 'save',
      executionId: 'run-1',
    })
    const again = await importGenerated(lib, {
      path: fx.duplicate,
      workflow: { id: WORKFLOW_ID },
      nodeId: 'prompt',
      role: 'input',
      executionId: 'run-1',
    })
    expect(again).toMatchObject({
      assetId: first.assetId,
      outcome: 'duplicate',
      nodeType: 'TextPrompt',
      executionCreated: false,
    })
    const { workflows } = await generationOf(lib, first.assetId)
    expect(workflows.map((w) => [w.nodeId, w.role, w.executionId])).toEqual([
      ['prompt', 'input', 'run-1'],
      ['save', 'output', 'run-1'],
    ])
    expect(counts(lib)).toMatchObject({ videos: 1, workflows: 1, executions: 1, associations: 2 })
  })

  it("keeps what the file itself says and adds the generator's association", async () => {
    const lib = testLibrary()
    const result = await importGenerated(lib, {
      path: fx.genVhsMp4,
      workflow: { definition: JSON.stringify(WORKFLOW) },
      nodeId: 'save',
    })
    const stored = await generationOf(lib, result.assetId)
    expect(stored.generation?.prompt).toBe('a paper boat drifting on a stormy sea, cinematic')
    expect(stored.workflows.map((w) => w.nodeType).sort()).toEqual(['SaveVideo', 'VHS_VideoCombine'])
  })

  it('finds a node inside a ComfyUI subgraph by "<instance>:<inner>", as ComfyUI names it', async () => {
    const lib = testLibrary()
    const definition = readFileSync(path.resolve('test/fixtures/workflows/comfyui-ui-v1-subgraph.json'), 'utf8')
    const result = await importGenerated(lib, { path: fx.png, workflow: { definition }, nodeId: '5:11' })
    expect(result).toMatchObject({ nodeId: '5:11', nodeType: 'SaveImage' })
    const refused = await dispatch(lib, 'media:import-generated', {
      path: fx.jpg,
      workflow: { definition },
      nodeId: '5:99',
    })
    expect(refused).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('Node 5:99 is not in the workflow') },
    })
  })

  it.each([
    ['a missing file', { path: '/nonexistent/clip.mp4' }, 'not_found', 'No file at /nonexistent/clip.mp4'],
    ['a folder', { path: path.dirname(fx.mp4) }, 'validation', 'is not a file'],
    ['an unsupported kind', { path: '/etc/hostname' }, 'validation', 'not a kind of file'],
    [
      'path and upload',
      { path: fx.mp4, upload: { uploadId: crypto.randomUUID(), name: 'a.mp4' } },
      'validation',
      'either',
    ],
    ['an unknown upload', { upload: { uploadId: crypto.randomUUID(), name: 'a.mp4' } }, 'not_found', 'Unknown upload'],
    [
      'JSON that is not JSON',
      { path: fx.mp4, workflow: { definition: '{"nodes": [' }, nodeId: 'a' },
      'validation',
      'not valid JSON',
    ],
    [
      'JSON that is no workflow',
      { path: fx.mp4, workflow: { definition: '{"a": 1}' }, nodeId: 'a' },
      'validation',
      'give its `format`',
    ],
    [
      'a node the workflow lacks',
      { path: fx.mp4, workflow: { definition: JSON.stringify(WORKFLOW) }, nodeId: 'vae' },
      'validation',
      'Node vae is not in the workflow; its nodes are prompt (TextPrompt), save (SaveVideo)',
    ],
    [
      'a workflow without its node',
      { path: fx.mp4, workflow: { definition: JSON.stringify(WORKFLOW) } },
      'validation',
      'Name the node',
    ],
    ['a node without a workflow', { path: fx.mp4, nodeId: 'save' }, 'validation', 'give the workflow too'],
    [
      'an unknown workflow id',
      { path: fx.mp4, workflow: { id: 'nope' }, nodeId: 'save' },
      'not_found',
      'No workflow with id nope',
    ],
    [
      'parameters that are not JSON',
      { path: fx.mp4, generation: { generationParams: 'steps=3' } },
      'validation',
      'The generation parameters',
    ],
    ['a file that is not media', { path: fx.textAsMp4 }, 'validation', 'The file was not imported'],
  ])('refuses %s in words, importing nothing', async (_what, input, code, message) => {
    const lib = testLibrary()
    const before = counts(lib)
    const answer = await dispatch(lib, 'media:import-generated', input)
    expect(answer).toMatchObject({ ok: false, error: { code, message: expect.stringContaining(message) } })
    // The one refusal that comes from the import itself leaves its job's record, and nothing else.
    expect(counts(lib)).toEqual(
      code === 'validation' && message.startsWith('The file') ? { ...before, jobs: 1 } : before,
    )
  })

  it('refuses a run of another workflow before importing', async () => {
    const lib = testLibrary()
    await call(lib, 'workflows:create', {
      id: 'other',
      name: 'Other',
      definition: JSON.stringify(WORKFLOW),
      format: 'native',
    })
    await call(lib, 'executions:create', { workflowId: 'other', id: 'run-x', status: 'completed' })
    const before = counts(lib)
    const answer = await dispatch(lib, 'media:import-generated', {
      path: fx.mp4,
      workflow: { definition: JSON.stringify(WORKFLOW) },
      nodeId: 'save',
      executionId: 'run-x',
    })
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'validation', message: `Execution run-x is a run of workflow other, not of ${WORKFLOW_ID}.` },
    })
    expect(counts(lib)).toEqual(before)
  })

  it('refuses a path outside the folders the host may import from', async () => {
    const lib = testLibrary(tempDir(), { allowedPaths: [tempDir()] })
    const answer = await dispatch(lib, 'media:import-generated', { path: fx.mp4 })
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(counts(lib)).toMatchObject({ videos: 0, jobs: 0 })
  })

  it('takes an upload over the web host with the token, as docs/workflows.md shows', async () => {
    const lib = testLibrary()
    host = await startWebHost({ library: lib, rendererDir: tempDir(), port: 0 })
    const headers = { host: `127.0.0.1:${host.port}`, authorization: `Bearer ${host.token}` }
    const uploaded = await http(host.port, {
      method: 'POST',
      path: '/upload?name=lighthouse.mp4',
      headers,
      body: readFileSync(fx.mp4),
    })
    const { uploadId } = (uploaded.json() as { data: { uploadId: string } }).data
    const body = {
      upload: { uploadId, name: 'lighthouse.mp4' },
      generation: { prompt: 'a lighthouse at dusk', seed: 7 },
      workflow: { definition: JSON.stringify(WORKFLOW) },
      nodeId: 'save',
    }
    const reply = await http(host.port, {
      method: 'POST',
      path: '/api/media:import-generated',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    expect(reply.status).toBe(200)
    const { data } = reply.json() as { data: GeneratedImportResult }
    expect(data).toMatchObject({ outcome: 'imported', workflowId: WORKFLOW_ID, nodeType: 'SaveVideo' })
    expect((await lib.catalog.repos.media.get(data.assetId))?.name).toBe('lighthouse.mp4')
    expect((await generationOf(lib, data.assetId)).generation).toMatchObject({
      prompt: 'a lighthouse at dusk',
      seed: '7',
    })
    const refused = await http(host.port, {
      method: 'POST',
      path: '/api/media:import-generated',
      headers: { host: headers.host, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    expect(refused.status).toBe(401)
  })
})
