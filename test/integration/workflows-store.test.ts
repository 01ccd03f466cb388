import { describe, expect, it } from 'vitest'
import type { ChannelOutput, Execution, Workflow, WorkflowStats } from '../../shared/contract'
import { dispatch } from '../../main/dispatch'
import type { LocalLibrary } from '../../main/services/library-context'
import { configHash } from '../../main/hashing/canonical-json'
import { upsertWorkflow } from '../../main/services/workflows/workflows'
import { seededLibrary } from '../helpers/assets'
import { call } from '../helpers/browse'

const COMFY_UI = { id: 'c0ffee00-0000-4000-8000-000000000001', nodes: [{ id: 9, type: 'SaveImage' }], links: [] }

async function createWorkflow(lib: LocalLibrary, input: Record<string, unknown>): Promise<Workflow> {
  return (await call<{ workflow: Workflow }>(lib, 'workflows:create', input)).workflow
}

async function createExecution(lib: LocalLibrary, input: Record<string, unknown>): Promise<Execution> {
  return (await call<{ execution: Execution }>(lib, 'executions:create', input)).execution
}

const rows = (lib: LocalLibrary, table: string) =>
  lib.sqlite.db.prepare(`SELECT count(*) AS n FROM ${table}`).pluck().get()

describe('workflows: create, update, get', () => {
  it('creates with the definition hash as id, keeps the JSON as given, renames, describes and saves', async () => {
    const { lib, events } = await seededLibrary(3)
    const text = '{"nodes":[{"id":"node1","type":"prompt"}],  "connections":[]}'
    const made = await createWorkflow(lib, { name: 'Portraits', definition: text, format: 'native' })
    expect(made).toMatchObject({
      id: configHash(JSON.parse(text)),
      definitionHash: configHash(JSON.parse(text)),
      name: 'Portraits',
      status: 'draft',
      format: 'native',
      executions: 0,
      outputs: 0,
      definition: JSON.parse(text),
    })
    expect(lib.sqlite.db.prepare('SELECT definition FROM workflows').pluck().get()).toBe(text)
    const saved = (
      await call<{ workflow: Workflow }>(lib, 'workflows:update', {
        id: made.id,
        name: 'Portraits v2',
        description: 'close-ups',
        status: 'saved',
      })
    ).workflow
    expect(saved).toMatchObject({ id: made.id, name: 'Portraits v2', description: 'close-ups', status: 'saved' })
    expect(saved.updatedAt >= made.updatedAt).toBe(true)
    lib.changes.flush()
    expect(events).toContainEqual({
      name: 'library:changed',
      payload: { tables: ['workflows'], topics: ['workflows'], seq: expect.any(Number) },
    })
  })

  it('keeps a known id (no rename), refuses JSON that is not JSON or nests too deep and an unknown workflow, in words', async () => {
    const { lib } = await seededLibrary(1)
    await createWorkflow(lib, { id: 'w1', name: 'one', definition: '{}', format: 'native' })
    const before = rows(lib, 'workflows')
    const answers = await Promise.all([
      dispatch(lib, 'workflows:create', { id: 'w1', name: 'again', definition: '{}', format: 'native' }),
      dispatch(lib, 'workflows:create', { name: 'bad', definition: '{"nodes": [', format: 'native' }),
      dispatch(lib, 'workflows:create', {
        name: 'deep',
        definition: '['.repeat(65) + ']'.repeat(65),
        format: 'native',
      }),
      dispatch(lib, 'workflows:create', { name: 'scalar', definition: '42', format: 'native' }),
      dispatch(lib, 'workflows:update', { id: 'nope', name: 'x' }),
      dispatch(lib, 'workflows:delete', { id: 'nope' }),
    ])
    // A known id is no conflict (issue 20): the same definition joins its workflow, which stays one row.
    expect(answers.map((a) => (a.ok ? 'ok' : a.error.code))).toEqual([
      'ok',
      'validation',
      'validation',
      'validation',
      'not_found',
      'not_found',
    ])
    expect(answers[1]).toMatchObject({ error: { message: expect.stringMatching(/^The definition is not valid JSON/) } })
    expect(answers[2]).toMatchObject({ error: { message: 'The definition nests deeper than 64 levels.' } })
    expect(rows(lib, 'workflows')).toBe(before)
    expect(answers[0]).toMatchObject({ ok: true, data: { created: false, workflow: { id: 'w1', name: 'one' } } })
  })

  it('gets a workflow with its media per node, role and execution', async () => {
    const { lib, ids } = await seededLibrary(4)
    const wf = await createWorkflow(lib, { id: 'wf', name: 'wf', definition: '{}', format: 'comfyui-api' })
    const run = await createExecution(lib, { workflowId: wf.id, id: 'run-1', status: 'running' })
    for (const [index, id] of ids.slice(0, 3).entries()) {
      await call(lib, 'workflows:associate', {
        workflowId: wf.id,
        videoId: id,
        nodeId: index < 2 ? '9' : '3',
        nodeType: index < 2 ? 'SaveImage' : 'LoadImage',
        role: index < 2 ? 'output' : 'input',
        executionId: run.id,
      })
    }
    const got = await call<ChannelOutput<'workflows:get'>>(lib, 'workflows:get', { id: wf.id })
    expect(got.nodes).toEqual([
      { nodeId: '3', nodeType: 'LoadImage', outputs: 0, inputs: 1, intermediates: 0 },
      { nodeId: '9', nodeType: 'SaveImage', outputs: 2, inputs: 0, intermediates: 0 },
    ])
    expect(got.mediaTotal).toBe(3)
    expect(new Set(got.media.map((m) => m.asset.id))).toEqual(new Set(ids.slice(0, 3)))
    expect(got.workflow).toMatchObject({ outputs: 2, executions: 1 })
    const node9 = await call<ChannelOutput<'workflows:videos'>>(lib, 'workflows:videos', {
      id: wf.id,
      nodeId: '9',
      limit: 1,
    })
    expect(node9.total).toBe(2)
    expect(node9.items).toHaveLength(1)
    expect(node9.items[0]).toMatchObject({ nodeId: '9', role: 'output', executionId: 'run-1' })
    const execution = await call<ChannelOutput<'executions:get'>>(lib, 'executions:get', { id: 'run-1' })
    expect(execution.execution.outputs).toBe(2)
    expect(execution.media.map((m) => m.nodeId)).toEqual(['3', '9', '9'])
  })

  it('refuses to associate an asset with a run of another workflow', async () => {
    const { lib, ids } = await seededLibrary(1)
    await createWorkflow(lib, { id: 'a', name: 'a', definition: '{}', format: 'native' })
    await createWorkflow(lib, { id: 'b', name: 'b', definition: '{}', format: 'native' })
    await createExecution(lib, { workflowId: 'b', id: 'run-b' })
    const answer = await dispatch(lib, 'workflows:associate', {
      workflowId: 'a',
      videoId: ids[0],
      nodeId: '1',
      executionId: 'run-b',
    })
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'validation', message: 'Execution run-b is a run of workflow b, not of a.' },
    })
    const unknownAsset = await dispatch(lib, 'workflows:associate', { workflowId: 'a', videoId: 'nope', nodeId: '1' })
    expect(unknownAsset).toMatchObject({ ok: false, error: { code: 'not_found' } })
    expect(rows(lib, 'workflow_videos')).toBe(0)
  })
})

describe('upsertWorkflow (the import way in)', () => {
  it('gives two files of one ComfyUI workflow one row, bumps updated_at and keeps a rename', async () => {
    const { lib } = await seededLibrary(0)
    const first = await upsertWorkflow(lib, COMFY_UI, 'comfyui-ui', 'a.png', COMFY_UI.id)
    expect(first.created).toBe(true)
    await call(lib, 'workflows:update', { id: COMFY_UI.id, name: 'My faces' })
    await new Promise((resolve) => setTimeout(resolve, 5))
    const edited = { ...COMFY_UI, nodes: [...COMFY_UI.nodes, { id: 10, type: 'PreviewImage' }] }
    const second = await upsertWorkflow(lib, edited, 'comfyui-ui', 'b.png', COMFY_UI.id)
    expect(second.created).toBe(false)
    expect(rows(lib, 'workflows')).toBe(1)
    expect(second.workflow).toMatchObject({ id: COMFY_UI.id, name: 'My faces', definition: edited })
    expect(second.workflow.definitionHash).toBe(configHash(edited))
    expect(second.workflow.updatedAt > first.workflow.updatedAt).toBe(true)
  })

  it('names a workflow without an id by the hash of its canonical JSON, whatever the key order', async () => {
    const { lib } = await seededLibrary(0)
    const a = await upsertWorkflow(
      lib,
      { '3': { class_type: 'KSampler', inputs: { seed: 1 } }, '9': {} },
      'comfyui-api',
      null,
    )
    const b = await upsertWorkflow(
      lib,
      { '9': {}, '3': { inputs: { seed: 1 }, class_type: 'KSampler' } },
      'comfyui-api',
      null,
    )
    expect(a.workflow.id).toBe(configHash({ '3': { class_type: 'KSampler', inputs: { seed: 1 } }, '9': {} }))
    expect(a.workflow.id).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(b).toMatchObject({ created: false, workflow: { id: a.workflow.id } })
    expect(rows(lib, 'workflows')).toBe(1)
  })
})

describe('executions', () => {
  it('moves queued → running → completed with times, and refuses other moves in words', async () => {
    const { lib } = await seededLibrary(0)
    await createWorkflow(lib, { id: 'wf', name: 'wf', definition: '{}', format: 'native' })
    const queued = await createExecution(lib, { workflowId: 'wf', id: 'e1' })
    expect(queued).toMatchObject({ status: 'queued', startedAt: null, completedAt: null })
    const skip = await dispatch(lib, 'executions:update', { id: 'e1', status: 'completed' })
    expect(skip).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        message: 'Execution e1 is queued: it cannot become completed (only running, failed, cancelled).',
      },
    })
    const running = await call<{ execution: Execution }>(lib, 'executions:update', {
      id: 'e1',
      status: 'running',
      startedAt: '2026-05-01T10:00:00+02:00',
    })
    expect(running.execution).toMatchObject({
      status: 'running',
      startedAt: '2026-05-01T08:00:00.000Z',
      completedAt: null,
    })
    const done = await call<{ execution: Execution }>(lib, 'executions:update', {
      id: 'e1',
      status: 'completed',
      completedAt: '2026-05-01T08:01:30Z',
      executionData: '{"prompt":{"3":{"inputs":{"seed":7}}}}',
    })
    expect(done.execution).toMatchObject({
      status: 'completed',
      completedAt: '2026-05-01T08:01:30.000Z',
      executionData: { prompt: { '3': { inputs: { seed: 7 } } } },
    })
    const back = await dispatch(lib, 'executions:update', { id: 'e1', status: 'running' })
    expect(back).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        message: 'Execution e1 is completed: it cannot become running (a finished run stays as it ended).',
      },
    })
    const workflow = (await call<{ workflow: Workflow }>(lib, 'workflows:get', { id: 'wf' })).workflow
    expect(workflow.lastExecutedAt).toBe('2026-05-01T08:00:00.000Z')
  })

  it('refuses a completion before the start, a time that is not one, and an end for a run not finished', async () => {
    const { lib } = await seededLibrary(0)
    await createWorkflow(lib, { id: 'wf', name: 'wf', definition: '{}', format: 'native' })
    const answers = await Promise.all([
      dispatch(lib, 'executions:create', {
        workflowId: 'wf',
        status: 'completed',
        startedAt: '2026-05-01T10:00:00Z',
        completedAt: '2026-05-01T09:00:00Z',
      }),
      dispatch(lib, 'executions:create', { workflowId: 'wf', status: 'running', startedAt: 'yesterday-ish' }),
      dispatch(lib, 'executions:create', { workflowId: 'wf', status: 'running', completedAt: '2026-05-01T09:00:00Z' }),
      dispatch(lib, 'executions:create', { workflowId: 'nope' }),
    ])
    expect(answers.map((a) => (a.ok ? 'ok' : `${a.error.code}: ${a.error.message}`))).toEqual([
      'validation: The completion time 2026-05-01T09:00:00.000Z is before the start time 2026-05-01T10:00:00.000Z.',
      'validation: The start time "yesterday-ish" is not a date and time (ISO 8601).',
      'validation: A running execution has no completion time yet.',
      'not_found: No workflow with id nope.',
    ])
    expect(rows(lib, 'workflow_executions')).toBe(0)
  })

  it('lists runs newest first, per workflow and by status', async () => {
    const { lib } = await seededLibrary(0)
    await createWorkflow(lib, { id: 'a', name: 'a', definition: '{}', format: 'native' })
    await createWorkflow(lib, { id: 'b', name: 'b', definition: '{}', format: 'native' })
    const at = (hour: number) => `2026-05-01T${String(hour).padStart(2, '0')}:00:00.000Z`
    await createExecution(lib, { workflowId: 'a', id: 'a1', status: 'completed', startedAt: at(1), completedAt: at(2) })
    await createExecution(lib, { workflowId: 'a', id: 'a3', status: 'failed', startedAt: at(3), completedAt: at(4) })
    await createExecution(lib, { workflowId: 'a', id: 'a2', status: 'running', startedAt: at(2) })
    await createExecution(lib, { workflowId: 'b', id: 'b1', status: 'completed', startedAt: at(5), completedAt: at(6) })
    const list = (input: Record<string, unknown>) =>
      call<ChannelOutput<'executions:list'>>(lib, 'executions:list', input).then((page) => ({
        ids: page.items.map((item) => item.id),
        total: page.total,
      }))
    expect(await list({ workflowId: 'a' })).toEqual({ ids: ['a3', 'a2', 'a1'], total: 3 })
    expect(await list({ workflowId: 'a', limit: 1, offset: 1 })).toEqual({ ids: ['a2'], total: 3 })
    expect(await list({})).toEqual({ ids: ['b1', 'a3', 'a2', 'a1'], total: 4 })
    expect(await list({ status: ['completed'] })).toEqual({ ids: ['b1', 'a1'], total: 2 })
  })
})

describe('workflow statistics', () => {
  it('match an independent count of the rows', async () => {
    const { lib, ids } = await seededLibrary(40)
    const formats = ['native', 'comfyui-ui', 'comfyui-api'] as const
    for (let w = 0; w < 6; w++) {
      await createWorkflow(lib, {
        id: `w${w}`,
        name: `w${w}`,
        definition: '{}',
        format: formats[w % 3],
        status: w % 2 ? 'saved' : 'draft',
      })
      await createExecution(lib, { workflowId: `w${w}`, status: w % 3 === 0 ? 'queued' : 'running' })
    }
    // Some assets on several workflows and nodes: each must count once.
    for (let i = 0; i < 30; i++) {
      await call(lib, 'workflows:associate', { workflowId: `w${i % 6}`, videoId: ids[i], nodeId: '9' })
      if (i % 4 === 0)
        await call(lib, 'workflows:associate', { workflowId: `w${(i + 1) % 6}`, videoId: ids[i], nodeId: '2' })
    }
    const stats = await call<WorkflowStats>(lib, 'workflows:stats', {})
    const associated = await Promise.all(ids.slice(0, 30).map(async (id) => (await lib.catalog.repos.media.get(id))!))
    const bySource = new Map<string, { count: number; bytes: number }>()
    for (const asset of associated) {
      const entry = bySource.get(asset.sourceType) ?? { count: 0, bytes: 0 }
      bySource.set(asset.sourceType, { count: entry.count + 1, bytes: entry.bytes + (asset.sizeBytes ?? 0) })
    }
    expect(stats.videos).toBe(30)
    expect(stats.totalBytes).toBe(associated.reduce((sum, asset) => sum + (asset.sizeBytes ?? 0), 0))
    expect(stats.bySourceType).toEqual(
      [...bySource].sort(([a], [b]) => a.localeCompare(b)).map(([value, tally]) => ({ value, ...tally })),
    )
    expect(stats.byStatus).toEqual([
      { value: 'draft', count: 3 },
      { value: 'saved', count: 3 },
    ])
    expect(stats.byFormat).toEqual([
      { value: 'comfyui-api', count: 2 },
      { value: 'comfyui-ui', count: 2 },
      { value: 'native', count: 2 },
    ])
    expect(stats.executionsByStatus).toEqual([
      { value: 'queued', count: 2 },
      { value: 'running', count: 4 },
    ])
    const one = await call<WorkflowStats>(lib, 'workflows:stats', { id: 'w0' })
    const ofW0 = new Set(ids.slice(0, 30).filter((_, i) => i % 6 === 0 || (i % 4 === 0 && (i + 1) % 6 === 0)))
    expect(one.videos).toBe(ofW0.size)
    const sizesOfW0 = await Promise.all(
      [...ofW0].map(async (id) => (await lib.catalog.repos.media.get(id!))!.sizeBytes),
    )
    expect(one.totalBytes).toBe(sizesOfW0.reduce<number>((sum, bytes) => sum + (bytes ?? 0), 0))
  })
})

describe('schema', () => {
  it('enforces the foreign keys', async () => {
    const { lib, ids } = await seededLibrary(1)
    const insert = (workflow: string, video: string) =>
      lib.sqlite.db
        .prepare("INSERT INTO workflow_videos (workflow_id, video_id, node_id) VALUES (?, ?, '1')")
        .run(workflow, video)
    expect(() => insert('nope', ids[0]!)).toThrow(/FOREIGN KEY constraint failed/)
    lib.sqlite.db
      .prepare(
        "INSERT INTO workflows (id, name, definition, format, definition_hash) VALUES ('w', 'w', '{}', 'native', 'h')",
      )
      .run()
    expect(() => insert('w', 'no-such-asset')).toThrow(/FOREIGN KEY constraint failed/)
    expect(() =>
      lib.sqlite.db.prepare("INSERT INTO video_generation (video_id, prompt) VALUES ('no-such-asset', 'x')").run(),
    ).toThrow(/FOREIGN KEY constraint failed/)
    expect(() =>
      lib.sqlite.db.prepare("INSERT INTO workflow_executions (id, workflow_id) VALUES ('e', 'nope')").run(),
    ).toThrow(/FOREIGN KEY constraint failed/)
  })

  it('answers the hot queries from indexes', async () => {
    const { lib } = await seededLibrary(0)
    const plan = (sql: string) =>
      (lib.sqlite.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
        .map((row) => row.detail)
        .join('\n')
    expect(plan("SELECT * FROM workflow_videos WHERE workflow_id = 'w'")).toMatch(
      /USING (COVERING )?INDEX sqlite_autoindex_workflow_videos_1/,
    )
    expect(plan("SELECT * FROM workflow_videos WHERE video_id = 'v'")).toMatch(
      /USING (COVERING )?INDEX workflow_videos_video/,
    )
    expect(
      plan(
        "SELECT id FROM workflow_executions WHERE workflow_id = 'w' ORDER BY coalesce(started_at, created_at) DESC, id DESC",
      ),
    ).toMatch(/USING (COVERING )?INDEX workflow_executions_by_workflow/)
    expect(
      plan(
        "SELECT id FROM workflow_executions WHERE workflow_id = 'w' ORDER BY coalesce(started_at, created_at) DESC, id DESC",
      ),
    ).not.toMatch(/TEMP B-TREE/)
  })
})
