import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import type { Workflow } from '../../shared/contract'
import { migrations as shipped } from '../../main/db/migrations/index'
import { openDatabase } from '../../main/db/open-database'
import { upsertWorkflow } from '../../main/services/workflows/workflows'
import { COMFY_WORKFLOW_ID } from '../fixtures/generation-fixtures'
import { call } from '../helpers/browse'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')
const BEFORE_0270 = shipped.filter((m) => m.version < 270)
const API = JSON.parse(readFileSync(path.resolve('test/fixtures/workflows/comfyui-api.json'), 'utf8')) as unknown
const getWorkflow = async (lib: ReturnType<typeof testLibrary>, id: string) =>
  (await call<{ workflow: Workflow }>(lib, 'workflows:get', { id })).workflow
const originOf = (lib: ReturnType<typeof testLibrary>, id: string) => lib.catalog.repos.workflows.nameOrigin(id)

describe('workflow names', () => {
  it('names an imported workflow by what it does; a rename stays through every later import', async () => {
    const lib = testLibrary()
    await importAndWait(lib, [fixtures.genComfyPng])
    expect(await getWorkflow(lib, COMFY_WORKFLOW_ID)).toMatchObject({ name: 'v1-5-pruned-emaonly → image' })
    expect(await originOf(lib, COMFY_WORKFLOW_ID)).toBe('auto')

    await call(lib, 'workflows:update', { id: COMFY_WORKFLOW_ID, name: 'Galaxy bottles' })
    expect(await originOf(lib, COMFY_WORKFLOW_ID)).toBe('given')
    // Another run of the same workflow, and the same workflow again with a title of its own: the name stays.
    await importAndWait(lib, [fixtures.genComfyPngRun2])
    const stored = await getWorkflow(lib, COMFY_WORKFLOW_ID)
    const titled = { ...(stored.definition as object), extra: { title: 'Bottle studies' } }
    await upsertWorkflow(lib, titled, 'comfyui-ui', 'later.png', COMFY_WORKFLOW_ID)
    expect(await getWorkflow(lib, COMFY_WORKFLOW_ID)).toMatchObject({ name: 'Galaxy bottles', outputs: 2 })
    expect(await originOf(lib, COMFY_WORKFLOW_ID)).toBe('given')
  })

  it('lets a name made from what it does give way to a title a later definition brings, and only to that', async () => {
    const lib = testLibrary()
    const first = await upsertWorkflow(lib, API, 'comfyui-api', 'a.png', 'wf-1')
    expect(first.workflow.name).toBe('v1-5-pruned-emaonly → image')
    // The same workflow with another model: still named as first described (names do not wander with runs).
    const other = JSON.parse(JSON.stringify(API).replace('v1-5-pruned-emaonly', 'dreamshaper_8')) as unknown
    expect((await upsertWorkflow(lib, other, 'comfyui-api', 'b.png', 'wf-1')).workflow.name).toBe(
      'v1-5-pruned-emaonly → image',
    )
    const ui = JSON.parse(readFileSync(path.resolve('test/fixtures/workflows/comfyui-ui-v04.json'), 'utf8')) as object
    const titled = await upsertWorkflow(
      lib,
      { ...ui, extra: { title: 'Lighthouse stills' } },
      'comfyui-ui',
      'c.png',
      'wf-1',
    )
    expect(titled.workflow.name).toBe('Lighthouse stills')
    expect(await originOf(lib, 'wf-1')).toBe('title')
    // A title is not replaced by a later one either: only what a person or the workflow named it stays.
    const retitled = await upsertWorkflow(lib, { ...ui, extra: { title: 'Other' } }, 'comfyui-ui', 'd.png', 'wf-1')
    expect(retitled.workflow.name).toBe('Lighthouse stills')
  })

  it('keeps the name a tool or a person creates a workflow with', async () => {
    const lib = testLibrary()
    const definition = JSON.stringify(API)
    await call(lib, 'workflows:create', { id: 'wf-2', name: 'Stills', definition, format: 'comfyui-api' })
    expect(await originOf(lib, 'wf-2')).toBe('given')
    await upsertWorkflow(lib, { ...(API as object) }, 'comfyui-api', 'a.png', 'wf-2')
    expect((await getWorkflow(lib, 'wf-2')).name).toBe('Stills')
  })
})

describe('migration 0270: workflow name origin', () => {
  it('renames only the placeholders it made from the id; prompt and model names it cannot tell from a person’s stay', () => {
    const file = path.join(tempDir(), 'library.db')
    const old = openDatabase(file, BEFORE_0270).db
    const insert = old.prepare(
      `INSERT INTO workflows (id, name, status, definition, format, definition_hash, created_at, updated_at)
       VALUES (?, ?, 'saved', ?, ?, '', '2025-01-01', '2025-01-01')`,
    )
    const api = JSON.stringify(API)
    insert.run('sha256:cfc36195aabb', 'Workflow cfc36195', api, 'comfyui-api')
    insert.run('sha256:0d0d0d0d0000', 'neon koi fish swimming through…', api, 'comfyui-api')
    insert.run('sha256:1e1e1e1e0000', '4x-UltraSharp.pth', api, 'comfyui-api')
    insert.run('8f2b-uuid', 'Workflow 8f2b-uui', '{"nodes": [', 'comfyui-ui')
    old.close()

    const { db, migration } = openDatabase(file, shipped)
    try {
      expect(migration.applied).toContain('270-workflow-name-origin')
      const rows = db.prepare('SELECT id, name, name_origin AS origin FROM workflows ORDER BY id').all()
      expect(rows).toEqual([
        { id: '8f2b-uuid', name: 'Workflow 8f2b-uui', origin: 'auto' },
        { id: 'sha256:0d0d0d0d0000', name: 'neon koi fish swimming through…', origin: null },
        { id: 'sha256:1e1e1e1e0000', name: '4x-UltraSharp.pth', origin: null },
        { id: 'sha256:cfc36195aabb', name: 'v1-5-pruned-emaonly → image', origin: 'auto' },
      ])
      expect(() => db.prepare("UPDATE workflows SET name_origin = 'guessed'").run()).toThrow(/CHECK constraint/)
    } finally {
      db.close()
    }
  })
})
