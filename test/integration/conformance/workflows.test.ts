import { describe, expect, it } from 'vitest'
import { createCatalog, type CatalogRepos } from '../../../main/db/catalog'
import { UniqueViolation, type SqlEngine } from '../../../main/db/sql/sql-engine'
import type { WorkflowRow } from '../../../main/db/repos/workflows'
import { putWorkflow } from '../../../main/services/workflows/put-workflow'
import { listVersions, diffVersions } from '../../../main/services/workflows/versions'
import {
  createWorkflow,
  deleteWorkflow,
  listWorkflows,
  updateWorkflow,
  upsertWorkflow,
  workflowStats,
} from '../../../main/services/workflows/workflows'
import { ENGINES, freshEngine, insertAssets } from '../../helpers/sql-engines'

const at = (minute: number) => `2026-11-25T10:${String(minute).padStart(2, '0')}:00.000Z`
const BIG_SEED = '18446744073709551615'

const row = (id: string, name: string, changes: Partial<WorkflowRow> = {}): WorkflowRow => ({
  id,
  name,
  description: null,
  status: 'saved',
  definition: `{"id":"${id}"}`,
  format: 'comfyui-api',
  definitionHash: `hash-${id}`,
  source: 'import',
  createdAt: at(0),
  updatedAt: at(0),
  nameOrigin: 'auto',
  ...changes,
})

// Rows of other repos (runs, associations, generation details; see executions.test.ts), written as plain SQL.
const run = (sql: SqlEngine, id: string, workflowId: string, status: string, definitionId: number | null) =>
  sql.run(
    `INSERT INTO workflow_executions (id, workflow_id, status, started_at, created_at, definition_id)
     VALUES (?, ?, ?, ?, ?, ?)`,
    [id, workflowId, status, at(1), at(1), definitionId],
  )
const link = (
  sql: SqlEngine,
  workflowId: string,
  videoId: string,
  role: string,
  executionId: string | null,
  definitionId: number | null,
) =>
  sql.run(
    `INSERT INTO workflow_videos (workflow_id, video_id, node_id, role, execution_id, created_at, definition_id)
     VALUES (?, ?, '9', ?, ?, ?, ?)`,
    [workflowId, videoId, role, executionId, at(2), definitionId],
  )
const generation = (sql: SqlEngine, videoId: string, prompt: string | null, seed: string | null) =>
  sql.run('INSERT INTO video_generation (video_id, prompt, seed, created_at) VALUES (?, ?, ?, ?)', [
    videoId,
    prompt,
    seed,
    at(2),
  ])

// Issue 34: stored workflows and their versions, the same on a library's SQLite and a hub's PostgreSQL.
describe.each(ENGINES)('workflows on %s', (dialect) => {
  const catalogWith = async (assets: ReadonlyArray<[id: string, importedMinute: number, bytes: number]>) => {
    const sql = await freshEngine(dialect)
    await insertAssets(
      sql,
      assets.map(([id]) => id),
    )
    for (const [id, minute, bytes] of assets) {
      await sql.run('UPDATE videos SET imported_at = ?, size_bytes = ? WHERE id = ?', [at(minute), bytes, id])
    }
    return { sql, catalog: createCatalog(sql) }
  }

  it('writes, reads, notes runs of and deletes workflow rows, with their counts', async () => {
    const { sql, catalog } = await catalogWith([['a1', 5, 100]])
    const { workflows } = catalog.repos
    await workflows.insert(row('wf-1', 'Koi', { description: 'fish' }))
    await expect(workflows.insert(row('wf-1', 'Again'))).rejects.toBeInstanceOf(UniqueViolation)
    expect(await workflows.exists('wf-1')).toBe(true)
    expect(await workflows.exists('nope')).toBe(false)
    expect(await workflows.get('wf-1')).toEqual({
      id: 'wf-1',
      name: 'Koi',
      description: 'fish',
      status: 'saved',
      format: 'comfyui-api',
      definitionHash: 'hash-wf-1',
      source: 'import',
      createdAt: at(0),
      updatedAt: at(0),
      lastExecutedAt: null,
      executions: 0,
      outputs: 0,
      definition: '{"id":"wf-1"}',
    })
    expect(await workflows.get('nope')).toBeUndefined()
    expect(await workflows.nameOrigin('wf-1')).toBe('auto')
    expect(await workflows.nameOrigin('nope')).toBeNull()
    expect(await workflows.definition('wf-1')).toBe('{"id":"wf-1"}')
    expect(await workflows.definition('nope')).toBeUndefined()

    await workflows.update({
      id: 'wf-1',
      name: 'Galaxy koi',
      description: null,
      status: 'draft',
      definition: '{"v":2}',
      format: 'comfyui-api',
      definitionHash: 'hash-2',
      updatedAt: at(3),
      nameOrigin: 'given',
    })
    expect(await workflows.get('wf-1')).toMatchObject({ name: 'Galaxy koi', status: 'draft', source: 'import' })
    expect(await workflows.nameOrigin('wf-1')).toBe('given')
    expect(await workflows.definition('wf-1')).toBe('{"v":2}')

    await workflows.ran('wf-1', at(7))
    await workflows.ran('wf-1', at(6))
    expect(await workflows.get('wf-1')).toMatchObject({ lastExecutedAt: at(7) })

    await run(sql, 'run-1', 'wf-1', 'completed', null)
    await link(sql, 'wf-1', 'a1', 'output', 'run-1', null)
    expect(await workflows.get('wf-1')).toMatchObject({ executions: 1, outputs: 1 })
    expect(await workflows.delete('wf-1')).toEqual({ executions: 1, associations: 1 })
    expect(await workflows.delete('wf-1')).toEqual({ executions: 0, associations: 0 })
    expect(await sql.get('SELECT count(*) AS n FROM workflow_videos')).toEqual({ n: 0 })
    expect(await sql.get('SELECT count(*) AS n FROM videos')).toEqual({ n: 1 })
  })

  it('lists by status, format, name in any case and prompt words, newest update first, with poster and latest', async () => {
    const { sql, catalog } = await catalogWith([
      ['a1', 5, 100],
      ['a2', 6, 50],
      ['a3', 4, 7],
      ['a4', 9, 1],
    ])
    const { workflows } = catalog.repos
    await workflows.insert(row('wf-1', 'Neon Koi', { updatedAt: at(3) }))
    await workflows.insert(row('wf-2', 'neon tetra', { status: 'draft', format: 'comfyui-ui', updatedAt: at(4) }))
    await workflows.insert(row('wf-3', 'Lighthouse 100%', { format: 'native', updatedAt: at(2) }))
    await link(sql, 'wf-1', 'a1', 'output', null, null)
    await link(sql, 'wf-1', 'a2', 'output', null, null)
    await link(sql, 'wf-2', 'a1', 'input', null, null)
    await link(sql, 'wf-3', 'a3', 'output', null, null)
    // An output without an import time comes after those with one, on both engines.
    await sql.run('UPDATE videos SET imported_at = NULL WHERE id = ?', ['a4'])
    await link(sql, 'wf-3', 'a4', 'output', null, null)
    await generation(sql, 'a4', 'untimed', '7')
    await generation(sql, 'a1', 'a glowing koi fish in the dark', BIG_SEED)
    await generation(sql, 'a2', null, null)
    await generation(sql, 'a3', 'lighthouse in a storm', null)

    const list = (params: Partial<Parameters<typeof workflows.list>[0]>) =>
      workflows.list({
        statuses: null,
        formats: null,
        namePattern: null,
        promptWords: null,
        visibleIn: null,
        limit: 10,
        offset: 0,
        ...params,
      })
    const all = await list({})
    expect(all.total).toBe(3)
    expect(all.items.map((item) => item.id)).toEqual(['wf-2', 'wf-1', 'wf-3'])
    // The poster is the newest output (a2); the latest seed and prompt are of the newest output that records one (a1).
    expect(all.items[1]).toMatchObject({
      posterAsset: 'a2',
      recorded: { seed: BIG_SEED, prompt: 'a glowing koi fish in the dark' },
      executions: 0,
      outputs: 2,
    })
    expect(all.items[0]).toMatchObject({ posterAsset: null, recorded: null, outputs: 0 })
    expect(all.items[2]).toMatchObject({ posterAsset: 'a3', recorded: { seed: null, prompt: 'lighthouse in a storm' } })

    const page = await list({ limit: 1, offset: 1 })
    expect(page).toMatchObject({ total: 3, items: [{ id: 'wf-1' }] })
    expect((await list({ statuses: JSON.stringify(['draft']) })).items.map((item) => item.id)).toEqual(['wf-2'])
    expect((await list({ formats: JSON.stringify(['native', 'comfyui-api']) })).total).toBe(2)
    const named = await list({ namePattern: '%NEON%' })
    expect(named.items.map((item) => item.id)).toEqual(['wf-2', 'wf-1'])
    expect((await list({ namePattern: '%100\\%%' })).items.map((item) => item.id)).toEqual(['wf-3'])
    expect((await list({ namePattern: '%0\\%%' })).items.map((item) => item.id)).toEqual(['wf-3'])
    expect((await list({ namePattern: '%1\\_0%' })).total).toBe(0)
    // A prompt's words (as prefixes) find the workflows of the assets that carry it, whatever role the asset has.
    const glowing = await list({ namePattern: '%glow ko%', promptWords: ['glow', 'ko'] })
    expect(glowing.items.map((item) => item.id)).toEqual(['wf-2', 'wf-1'])
    expect((await list({ namePattern: '%storm%', promptWords: ['storm'] })).items.map((item) => item.id)).toEqual([
      'wf-3',
    ])
    expect((await list({ namePattern: '%torm%', promptWords: ['torm'] })).total).toBe(0)
    expect((await list({ namePattern: '%xyz%', promptWords: [] })).total).toBe(0)
  })

  it('counts workflows, runs and their assets once each, across workflows and of one', async () => {
    const { sql, catalog } = await catalogWith([
      ['a1', 5, 100],
      ['a2', 6, 50],
      ['a3', 4, 7],
    ])
    const { workflows } = catalog.repos
    await workflows.insert(row('wf-1', 'One'))
    await workflows.insert(row('wf-2', 'Two', { status: 'draft', format: 'comfyui-ui' }))
    await run(sql, 'run-1', 'wf-1', 'completed', null)
    await run(sql, 'run-2', 'wf-1', 'failed', null)
    await run(sql, 'run-3', 'wf-2', 'completed', null)
    await link(sql, 'wf-1', 'a1', 'output', 'run-1', null)
    await link(sql, 'wf-1', 'a2', 'output', 'run-1', null)
    await link(sql, 'wf-2', 'a1', 'input', null, null)
    await generation(sql, 'a2', 'a prompt', null)

    expect(await workflows.stats(null)).toEqual({
      workflows: 2,
      byStatus: [
        { value: 'draft', count: 1 },
        { value: 'saved', count: 1 },
      ],
      byFormat: [
        { value: 'comfyui-api', count: 1 },
        { value: 'comfyui-ui', count: 1 },
      ],
      executionsByStatus: [
        { value: 'completed', count: 2 },
        { value: 'failed', count: 1 },
      ],
      videos: 2,
      totalBytes: 150,
      bySourceType: [
        { value: 'generated', count: 1, bytes: 50 },
        { value: 'uploaded', count: 1, bytes: 100 },
      ],
    })
    expect(await workflows.stats('wf-2')).toMatchObject({
      workflows: 2,
      executionsByStatus: [{ value: 'completed', count: 1 }],
      videos: 1,
      totalBytes: 100,
      bySourceType: [{ value: 'uploaded', count: 1, bytes: 100 }],
    })
  })

  it('numbers versions, keeps definitions once per hash, finds them by shape, hash, id, asset and run', async () => {
    const { sql, catalog } = await catalogWith([['a1', 5, 100]])
    const { workflows, workflowVersions: versions } = catalog.repos
    await workflows.insert(row('sha256:one', 'Keyed by content', { format: 'comfyui-api' }))
    await workflows.insert(row('sha256:two', 'Another', { format: 'comfyui-api' }))
    await workflows.insert(row('wf-ui', 'With an id', { format: 'comfyui-ui' }))
    expect(await versions.has('sha256:one')).toBe(false)

    const first = await versions.addVersion('sha256:one', 'shape-a', at(1))
    expect(first).toEqual({ id: first.id, ordinal: 1 })
    const second = await versions.addVersion('sha256:one', 'shape-b', at(2))
    expect(second.ordinal).toBe(2)
    expect((await versions.addVersion('wf-ui', 'shape-a', at(1))).ordinal).toBe(1)
    await expect(versions.addVersion('sha256:one', 'shape-a', at(3))).rejects.toBeInstanceOf(UniqueViolation)
    await versions.addVersion('sha256:two', 'shape-a', at(4))
    expect(await versions.has('sha256:one')).toBe(true)
    expect(await versions.byShape('sha256:one', 'shape-b')).toEqual(second)
    expect(await versions.byShape('sha256:one', 'shape-c')).toBeUndefined()
    // The first content-keyed workflow with that shape and format; one with an id of its own never owns a shape.
    expect(await versions.shapeOwner('shape-a', 'comfyui-api')).toBe('sha256:one')
    expect(await versions.shapeOwner('shape-a', 'comfyui-ui')).toBeUndefined()

    const definition = (versionId: number, hash: string, minute: number) =>
      versions.addDefinition({
        workflowId: 'sha256:one',
        versionId,
        hash,
        format: 'comfyui-api',
        text: `{"seed": ${BIG_SEED}, "h": "${hash}"}`,
        createdAt: at(minute),
      })
    const d1 = await definition(first.id, 'sha256:d1', 1)
    const d2 = await definition(first.id, 'sha256:d2', 2)
    const d3 = await definition(second.id, 'sha256:d3', 3)
    await expect(definition(second.id, 'sha256:d1', 4)).rejects.toBeInstanceOf(UniqueViolation)
    const d1Row = {
      id: d1,
      workflowId: 'sha256:one',
      version: 1,
      hash: 'sha256:d1',
      format: 'comfyui-api',
      definition: `{"seed": ${BIG_SEED}, "h": "sha256:d1"}`,
      createdAt: at(1),
    }
    expect(await versions.byId(d1)).toEqual(d1Row)
    expect(await versions.byId(d3 + 100)).toBeUndefined()
    expect(await versions.byHash('sha256:one', 'sha256:d1')).toEqual(d1Row)
    expect(await versions.byHash('sha256:two', 'sha256:d1')).toBeUndefined()
    expect(await versions.firstOf('sha256:one', 1)).toEqual(d1Row)
    expect(await versions.firstOf('sha256:one', 2)).toMatchObject({ id: d3, version: 2 })
    expect(await versions.firstOf('sha256:one', 3)).toBeUndefined()

    await run(sql, 'run-1', 'sha256:one', 'completed', d2)
    await run(sql, 'run-2', 'sha256:one', 'completed', null)
    await link(sql, 'sha256:one', 'a1', 'output', 'run-1', d2)
    await link(sql, 'wf-ui', 'a1', 'output', null, null)
    expect(await versions.list('sha256:one')).toEqual([
      {
        ordinal: 1,
        shapeHash: 'shape-a',
        createdAt: at(1),
        definitions: 2,
        assets: 1,
        executions: 1,
        firstHash: 'sha256:d1',
        newestHash: 'sha256:d2',
      },
      {
        ordinal: 2,
        shapeHash: 'shape-b',
        createdAt: at(2),
        definitions: 1,
        assets: 0,
        executions: 0,
        firstHash: 'sha256:d3',
        newestHash: 'sha256:d3',
      },
    ])
    expect(await versions.list('nope')).toEqual([])
    // The association whose definition is known first.
    expect(await versions.ofAsset('a1')).toEqual([
      { workflowId: 'sha256:one', definitionId: d2 },
      { workflowId: 'wf-ui', definitionId: null },
    ])
    expect(await versions.ofAsset('nope')).toEqual([])
    expect(await versions.ofExecution('run-1')).toEqual({ workflowId: 'sha256:one', definitionId: d2 })
    expect(await versions.ofExecution('run-2')).toEqual({ workflowId: 'sha256:one', definitionId: null })
    expect(await versions.ofExecution('nope')).toBeUndefined()

    // A deleted definition leaves its runs and assets without one; a deleted workflow takes its versions along.
    await sql.run('DELETE FROM workflow_definitions WHERE id = ?', [d2])
    expect(await versions.ofExecution('run-1')).toEqual({ workflowId: 'sha256:one', definitionId: null })
    await workflows.delete('sha256:one')
    expect(await versions.has('sha256:one')).toBe(false)
    expect(await versions.byId(d1)).toBeUndefined()
    expect(await versions.ofAsset('a1')).toEqual([{ workflowId: 'wf-ui', definitionId: null }])
  })

  it('makes two writers of one workflow at once take turns: one row for prompts of one shape, or a graph’s id', async () => {
    const { catalog } = await catalogWith([])
    const put = (definition: unknown, id?: string) => (repos: CatalogRepos) =>
      putWorkflow(repos, { definition, id, format: 'comfyui-api', now: at(1) })
    /** The second put starts while the first's transaction is open, as two imports of one run's files on a hub. */
    const together = async (first: ReturnType<typeof put>, second: ReturnType<typeof put>) => {
      let release!: () => void
      const held = new Promise<void>((resolve) => (release = resolve))
      let opened!: () => void
      const firstWrote = new Promise<void>((resolve) => (opened = resolve))
      const one = catalog.transaction(async (repos) => {
        const written = await first(repos)
        opened()
        await held
        return written
      })
      await firstWrote
      const two = catalog.transaction(second)
      // Time for the second to run ahead if nothing held it (it then makes a row of its own, or fails on the id).
      await new Promise((resolve) => setTimeout(resolve, 200))
      release()
      return Promise.all([one, two])
    }
    const prompt = (seed: number) => ({ '3': { class_type: 'KSampler', inputs: { seed } } })
    const [a, b] = await together(put(prompt(1)), put(prompt(2)))
    expect([b.id, b.created, b.kept.definitionCreated]).toEqual([a.id, false, true])
    const [c, d] = await together(put(prompt(3), 'wf-graph'), put(prompt(4), 'wf-graph'))
    expect([c.created, d.created, d.id]).toEqual([true, false, 'wf-graph'])
    expect(await catalog.repos.workflows.ids()).toEqual([a.id, 'wf-graph'].sort())
  })

  it('runs the service: versions, shapes, renames, the list, statistics and deletion in words', async () => {
    const { catalog } = await catalogWith([])
    const lib = { catalog }
    const id = 'wf-bottles'
    const ui = (nodes: number) =>
      JSON.stringify({
        nodes: Array.from({ length: nodes }, (_, node) => ({ id: node, type: 'SaveImage' })),
        links: [],
      })
    const made = await createWorkflow(lib, {
      id,
      name: 'Bottles',
      status: 'draft',
      definition: ui(1),
      format: 'comfyui-ui',
    })
    expect(made).toMatchObject({
      created: true,
      workflow: { id, name: 'Bottles', status: 'draft', executions: 0, outputs: 0 },
      version: { ordinal: 1, versionCreated: true, definitionCreated: true },
    })
    // A known id is no conflict: a new shape becomes its next version, and the name stays.
    const again = await createWorkflow(lib, {
      id,
      name: 'Other',
      status: 'saved',
      definition: ui(2),
      format: 'comfyui-ui',
    })
    expect(again).toMatchObject({ created: false, workflow: { name: 'Bottles' }, version: { ordinal: 2 } })
    await updateWorkflow(lib, id, { definition: ui(1) })
    const { items } = await listVersions(lib, id)
    expect(items.map(({ ordinal, definitions }) => [ordinal, definitions])).toEqual([
      [1, 1],
      [2, 1],
    ])
    expect(await diffVersions(lib, id, 1, 2)).toMatchObject({ from: { version: 1 }, to: { version: 2 } })
    await expect(diffVersions(lib, id, 1, 3)).rejects.toThrow(`Workflow ${id} has no version 3 (it has 2 versions).`)

    // Prompts without an id of their own join the workflow of their graph's shape.
    const prompt = (seed: number) => ({ '3': { class_type: 'KSampler', inputs: { seed } } })
    const p1 = await upsertWorkflow(lib, prompt(1), 'comfyui-api', 'a.png')
    const p2 = await upsertWorkflow(lib, prompt(2), 'comfyui-api', 'b.png')
    expect(p2.workflow.id).toBe(p1.workflow.id)
    expect(p2.definitionId).not.toBe(p1.definitionId)

    // Workflow names are no key (an import names each by what it does): a name taken in any case may be given again.
    await updateWorkflow(lib, p1.workflow.id, { name: 'BOTTLES' })
    expect((await catalog.repos.workflows.get(p1.workflow.id))!.name).toBe('BOTTLES')
    await expect(updateWorkflow(lib, 'nope', { name: 'x' })).rejects.toThrow('No workflow with id nope.')
    const listed = await listWorkflows(lib, { query: 'bottles', limit: 10, offset: 0 })
    expect(listed.total).toBe(2)
    // Latest: as the definition sets it, with no output recording one (a graph of save nodes alone sets neither).
    expect(listed.items.map((item) => item.latest)).toEqual([{ seed: '2', prompt: null }, null])
    expect(await workflowStats(lib)).toMatchObject({ workflows: 2, videos: 0 })
    await expect(workflowStats(lib, 'nope')).rejects.toThrow('No workflow with id nope.')

    expect(await deleteWorkflow(lib, id)).toEqual({ id: id, executions: 0, associations: 0 })
    await expect(deleteWorkflow(lib, id)).rejects.toThrow(`No workflow with id ${id}.`)
    await expect(listVersions(lib, id)).rejects.toThrow(`No workflow with id ${id}.`)
  })
})
