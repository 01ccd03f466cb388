import { describe, expect, it } from 'vitest'
import type { MediaAsset } from '../../../shared/contract'
import { createCatalog, type Catalog } from '../../../main/db/catalog'
import type { PipelineRunRow } from '../../../main/db/repos/pipeline-runs'
import type { GenerationRow } from '../../../main/db/repos/video-generation'
import type { AssociationRow } from '../../../main/db/repos/workflow-videos'
import type { NewExecution } from '../../../main/db/repos/workflow-executions'
import { UniqueViolation, type SqlEngine } from '../../../main/db/sql/sql-engine'
import { emptyFacts, type GenerationFacts } from '../../../main/generation/generation-facts'
import { configHash } from '../../../main/hashing/canonical-json'
import { compareRuns } from '../../../main/services/comfy-runs/compare-runs'
import { recordQueuedRun, recordRun, type RunState } from '../../../main/services/comfy-runs/run-record'
import type { SourceFacts } from '../../../main/services/comfy-runs/run-source'
import { runView } from '../../../main/services/pipelines/pipeline-views'
import {
  createExecution,
  getExecution,
  listExecutions,
  updateExecution,
} from '../../../main/services/workflows/executions'
import { recordImportedGeneration } from '../../../main/services/workflows/import-generation'
import { deleteWorkflow, getWorkflow, upsertWorkflow, workflowVideos } from '../../../main/services/workflows/workflows'
import { ENGINES, freshEngine, insertAssets } from '../../helpers/sql-engines'

const at = (minute: number) => `2026-11-25T10:${String(minute).padStart(2, '0')}:00.000Z`
const BIG_SEED = '18446744073709551615'

const execution = (id: string, changes: Partial<NewExecution> = {}): NewExecution => ({
  id,
  workflowId: 'wf-1',
  status: 'completed',
  startedAt: at(1),
  completedAt: at(2),
  executionData: `{"run":"${id}"}`,
  error: null,
  createdAt: at(1),
  ...changes,
})
const association = (videoId: string, changes: Partial<AssociationRow> = {}): AssociationRow => ({
  workflowId: 'wf-1',
  videoId,
  nodeId: '9',
  nodeType: 'SaveImage',
  role: 'output',
  executionId: null,
  createdAt: at(3),
  ...changes,
})
const details = (videoId: string, changes: Partial<GenerationRow> = {}): GenerationRow => ({
  videoId,
  provider: 'comfyui',
  model: 'flux1-dev',
  prompt: 'a koi',
  negativePrompt: 'blurry',
  seed: BIG_SEED,
  generationParams: '{"steps":20}',
  jobId: null,
  status: 'completed',
  error: null,
  createdAt: at(4),
  startedAt: at(3),
  completedAt: at(5),
  ...changes,
})
const pipelineRun = (executionId: string, changes: Partial<PipelineRunRow> = {}): PipelineRunRow => ({
  executionId,
  videoId: 'a1',
  timelineId: null,
  kind: 'initial',
  fromCheckpointId: null,
  stages: '["frames","text"]',
  config: '{"text":{"lang":"en"}}',
  currentStage: null,
  jobId: null,
  createdAt: at(1),
  ...changes,
})
/** An asset as insertAssets writes it, as the contract shows it. */
const asset = (id: string, changes: Partial<MediaAsset> = {}): MediaAsset => ({
  id,
  name: `${id}.mp4`,
  filePath: `/library/media/videos/${id}.mp4`,
  fileHash: null,
  sizeBytes: null,
  durationSeconds: null,
  resolution: null,
  aspectRatio: null,
  codec: null,
  fps: null,
  sourceType: 'uploaded',
  createdAt: '2026-11-25T10:00:00.000Z',
  metadata: null,
  mediaType: 'video',
  status: 1,
  error: null,
  importedBy: null,
  originalPath: null,
  importedAt: null,
  storage: 'copy',
  rating: 0,
  notes: null,
  health: null,
  verifiedAt: null,
  ...changes,
})
// A ComfyUI API prompt as its text: a KSampler with a seed past 2^53.
const prompt = (seed: string) =>
  `{"3":{"class_type":"KSampler","inputs":{"seed":${seed},"steps":20}},"9":{"class_type":"SaveImage","inputs":{}}}`

// Issue 34: workflow runs, the assets on their nodes, generation details and pipeline runs, the same on a library's
// SQLite and a hub's PostgreSQL.
describe.each(ENGINES)('workflow runs and generation details on %s', (dialect) => {
  const fresh = async (): Promise<{ sql: SqlEngine; catalog: Catalog }> => {
    const sql = await freshEngine(dialect)
    await insertAssets(sql, ['a1', 'a2', 'a3'])
    const catalog = createCatalog(sql)
    for (const [id, name] of [
      ['wf-1', 'alpha'],
      ['wf-2', 'Zeta'],
    ]) {
      await catalog.repos.workflows.insert({
        id: id!,
        name: name!,
        description: null,
        status: 'saved',
        definition: '{}',
        format: 'comfyui-api',
        definitionHash: `hash-${id}`,
        source: 'import',
        createdAt: at(0),
        updatedAt: at(0),
        nameOrigin: 'auto',
      })
    }
    return { sql, catalog }
  }
  const count = async (sql: SqlEngine, table: string) =>
    (await sql.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n
  /** A stored definition of wf-1 (its version made first), for the definition links. */
  const definitionOf = async (catalog: Catalog, hash: string) => {
    const { workflowVersions } = catalog.repos
    const version =
      (await workflowVersions.byShape('wf-1', 'shape')) ?? (await workflowVersions.addVersion('wf-1', 'shape', at(0)))
    return workflowVersions.addDefinition({
      workflowId: 'wf-1',
      versionId: version.id,
      hash,
      format: 'comfyui-api',
      text: '{}',
      createdAt: at(0),
    })
  }

  it('records, moves on, links and lists runs, newest first, of one workflow or all and by status', async () => {
    const { sql, catalog } = await fresh()
    const { workflowExecutions: runs } = catalog.repos
    await runs.insert(execution('run-1'))
    await expect(runs.insert(execution('run-1'))).rejects.toBeInstanceOf(UniqueViolation)
    await expect(runs.insert(execution('run-x', { status: 'bogus' as never }))).rejects.not.toBeInstanceOf(
      UniqueViolation,
    )
    expect(await runs.get('run-1')).toEqual({
      id: 'run-1',
      workflowId: 'wf-1',
      status: 'completed',
      startedAt: at(1),
      completedAt: at(2),
      executionData: '{"run":"run-1"}',
      error: null,
      createdAt: at(1),
      outputs: 0,
    })
    expect(await runs.get('nope')).toBeUndefined()
    // A queued run has not started: it sorts by when it was queued.
    await runs.insert(execution('run-2', { status: 'queued', startedAt: null, completedAt: null, createdAt: at(7) }))
    await runs.insert(execution('run-3', { workflowId: 'wf-2', status: 'failed', startedAt: at(5), error: 'boom' }))
    await runs.insert(execution('run-4', { startedAt: at(5) }))

    await runs.update({
      id: 'run-2',
      status: 'running',
      startedAt: at(8),
      completedAt: null,
      executionData: '{"moved":true}',
      error: null,
    })
    expect(await runs.get('run-2')).toMatchObject({
      status: 'running',
      startedAt: at(8),
      executionData: '{"moved":true}',
    })

    const list = (workflowId: string | null, statuses: string[] | null, limit = 10, offset = 0) =>
      runs.list({ workflowId, statuses: statuses && JSON.stringify(statuses), visibleIn: null }, limit, offset)
    const ids = async (page: ReturnType<typeof list>) => (await page).items.map((row) => row.id)
    expect(await ids(list(null, null))).toEqual(['run-2', 'run-4', 'run-3', 'run-1'])
    expect(await list(null, null, 2, 1)).toMatchObject({ total: 4, items: [{ id: 'run-4' }, { id: 'run-3' }] })
    expect(await ids(list('wf-1', null))).toEqual(['run-2', 'run-4', 'run-1'])
    expect((await list('wf-1', null)).total).toBe(3)
    expect(await ids(list(null, ['failed', 'running']))).toEqual(['run-2', 'run-3'])
    expect(await list('wf-1', ['failed'])).toEqual({ items: [], total: 0 })
    expect(await list('nope', null)).toEqual({ items: [], total: 0 })

    // Links to a job in one statement, and the definition a run came with, once.
    await runs.setJob(['run-1', 'run-2', 'nope'], 'job-1')
    const jobs = await sql.all<{ id: string; job: string | null }>(
      'SELECT id, job_id AS job FROM workflow_executions ORDER BY id',
    )
    expect(jobs.map((row) => row.job)).toEqual(['job-1', 'job-1', null, null])
    const first = await definitionOf(catalog, 'd1')
    const second = await definitionOf(catalog, 'd2')
    await runs.setDefinition('run-1', first)
    await runs.setDefinition('run-1', second)
    expect(await catalog.repos.workflowVersions.ofExecution('run-1')).toEqual({
      workflowId: 'wf-1',
      definitionId: first,
    })
  })

  it('pages a workflow’s definitions, runs and links in order with their definitions’ hashes, as a push reads them', async () => {
    const { catalog } = await fresh()
    const { workflows, workflowVersions, workflowExecutions, workflowVideos } = catalog.repos
    expect(await workflows.ids()).toEqual(['wf-1', 'wf-2'])
    const [d1, d2, d3] = [
      await definitionOf(catalog, 'h1'),
      await definitionOf(catalog, 'h2'),
      await definitionOf(catalog, 'h3'),
    ]
    const kept = (rows: Array<{ id: number; hash: string }>) => rows.map((row) => [row.id, row.hash])
    expect(kept(await workflowVersions.definitionsAfter('wf-1', 0, 2))).toEqual([
      [d1, 'h1'],
      [d2, 'h2'],
    ])
    expect(kept(await workflowVersions.definitionsAfter('wf-1', d2, 2))).toEqual([[d3, 'h3']])
    expect(await workflowVersions.definitionsAfter('wf-2', 0, 2)).toEqual([])

    for (const [id, definitionId] of [
      ['r-b', d2],
      ['r-a', null],
      ['r-c', d3],
    ] as const) {
      await workflowExecutions.insert(execution(id, { definitionId }))
    }
    await workflowExecutions.insert(execution('r-0', { workflowId: 'wf-2' }))
    // A run as a push sends it: without its workflow, with its definition's hash.
    const sent = (id: string, definitionHash: string | null) => {
      const { id: runId, status, startedAt, completedAt, executionData, error, createdAt } = execution(id)
      return { id: runId, status, startedAt, completedAt, executionData, error, createdAt, definitionHash }
    }
    expect(await workflowExecutions.runsAfter('wf-1', '', 2)).toEqual([sent('r-a', null), sent('r-b', 'h2')])
    expect((await workflowExecutions.runsAfter('wf-1', 'r-b', 2)).map((run) => [run.id, run.definitionHash])).toEqual([
      ['r-c', 'h3'],
    ])

    expect(await workflowVideos.addIfAbsent(association('a2', { executionId: 'r-b', definitionId: d2 }))).toBe(true)
    expect(await workflowVideos.addIfAbsent(association('a2', { nodeType: 'Other', role: 'input' }))).toBe(false)
    expect(await workflowVideos.addIfAbsent(association('a1', { nodeId: '' }))).toBe(true)
    expect(await workflowVideos.addIfAbsent(association('a1', { nodeId: '12:5' }))).toBe(true)
    const links = (rows: Array<{ videoId: string; nodeId: string; role: string; definitionHash: string | null }>) =>
      rows.map((row) => [row.videoId, row.nodeId, row.role, row.definitionHash])
    expect(links(await workflowVideos.recordsAfter('wf-1', null, 2))).toEqual([
      ['a1', '', 'output', null],
      ['a1', '12:5', 'output', null],
    ])
    expect(links(await workflowVideos.recordsAfter('wf-1', { videoId: 'a1', nodeId: '12:5' }, 2))).toEqual([
      ['a2', '9', 'output', 'h2'],
    ])
    expect(await workflowVideos.recordsAfter('wf-2', null, 2)).toEqual([])
  })

  it('deletes only unused runs; a workflow takes its runs, a deleted definition or run leaves links without them', async () => {
    const { sql, catalog } = await fresh()
    const { workflowExecutions: runs, workflowVideos: links } = catalog.repos
    const definitionId = await definitionOf(catalog, 'd1')
    await runs.insert(execution('run-1', { definitionId }))
    await runs.insert(execution('run-2'))
    await links.upsert(association('a1', { executionId: 'run-1' }))
    expect(await runs.deleteUnused('run-1')).toBe(false)
    expect(await runs.deleteUnused('run-2')).toBe(true)
    expect(await runs.deleteUnused('run-2')).toBe(false)
    expect(await runs.get('run-1')).toMatchObject({ outputs: 1 })

    // The association took the run's definition: a definition that goes leaves both without one.
    expect(await links.lacksDefinition('a1')).toBe(false)
    await sql.run('DELETE FROM workflow_definitions WHERE id = ?', [definitionId])
    expect(await catalog.repos.workflowVersions.ofExecution('run-1')).toEqual({
      workflowId: 'wf-1',
      definitionId: null,
    })
    expect(await links.lacksDefinition('a1')).toBe(true)
    // A run that goes leaves its association without a run.
    await sql.run('DELETE FROM workflow_executions WHERE id = ?', ['run-1'])
    expect(await links.ofAsset('a1')).toMatchObject([{ workflowId: 'wf-1', executionId: null, executionStatus: null }])

    await runs.insert(execution('run-3'))
    await sql.run('DELETE FROM workflows WHERE id = ?', ['wf-1'])
    expect(await runs.get('run-3')).toBeUndefined()
    expect(await count(sql, 'workflow_videos')).toBe(0)
    expect(await count(sql, 'videos')).toBe(3)
  })

  it('associates assets with nodes, pages them, counts nodes by role and tells an asset’s workflows', async () => {
    const { sql, catalog } = await fresh()
    const { workflowExecutions: runs, workflowVideos: links } = catalog.repos
    const definitionId = await definitionOf(catalog, 'd1')
    await runs.insert(execution('run-1', { definitionId }))
    const made = await links.upsert(association('a1', { executionId: 'run-1' }))
    expect(made).toEqual({
      workflowId: 'wf-1',
      nodeId: '9',
      nodeType: 'SaveImage',
      role: 'output',
      executionId: 'run-1',
      createdAt: at(3),
      asset: asset('a1'),
    })
    // Again: the node's type, role and run follow; the definition stays when none is given; the time stays.
    await runs.insert(execution('run-2'))
    const again = await links.upsert(
      association('a1', { nodeType: 'SaveVideo', role: 'intermediate', executionId: 'run-2', createdAt: at(9) }),
    )
    expect(again).toMatchObject({ nodeType: 'SaveVideo', role: 'intermediate', executionId: 'run-2', createdAt: at(3) })
    expect(await links.lacksDefinition('a1')).toBe(false)
    // No save node is stored as '' and read as null; a second workflow's association with a name before the first's
    // in code units ('Zeta' < 'alpha').
    await links.upsert(association('a1', { nodeId: '', nodeType: null, executionId: null, createdAt: at(4) }))
    await links.upsert(association('a1', { workflowId: 'wf-2', role: 'input', createdAt: at(5) }))
    await links.upsert(association('a2', { nodeId: '10', createdAt: at(5) }))
    await links.upsert(association('a3', { nodeId: '3:1', role: 'input', executionId: 'run-2', createdAt: at(5) }))
    expect(await links.lacksDefinition('a2')).toBe(true)
    expect(await links.lacksDefinition('nope')).toBe(false)

    expect(await links.ofAsset('a1')).toEqual([
      {
        workflowId: 'wf-2',
        name: 'Zeta',
        format: 'comfyui-api',
        nodeId: '9',
        nodeType: 'SaveImage',
        role: 'input',
        executionId: null,
        executionStatus: null,
      },
      {
        workflowId: 'wf-1',
        name: 'alpha',
        format: 'comfyui-api',
        nodeId: null,
        nodeType: null,
        role: 'output',
        executionId: null,
        executionStatus: null,
      },
      {
        workflowId: 'wf-1',
        name: 'alpha',
        format: 'comfyui-api',
        nodeId: '9',
        nodeType: 'SaveVideo',
        role: 'intermediate',
        executionId: 'run-2',
        executionStatus: 'completed',
      },
    ])
    expect(await links.nodes('wf-1', null)).toEqual([
      { nodeId: null, nodeType: null, outputs: 1, inputs: 0, intermediates: 0 },
      { nodeId: '10', nodeType: 'SaveImage', outputs: 1, inputs: 0, intermediates: 0 },
      { nodeId: '3:1', nodeType: 'SaveImage', outputs: 0, inputs: 1, intermediates: 0 },
      { nodeId: '9', nodeType: 'SaveVideo', outputs: 0, inputs: 0, intermediates: 1 },
    ])
    expect((await links.ofExecution('run-2')).map((row) => [row.nodeId, row.asset.id])).toEqual([
      ['3:1', 'a3'],
      ['9', 'a1'],
    ])
    expect(await runs.get('run-2')).toMatchObject({ outputs: 0 })

    const page = (filter: Partial<Parameters<typeof links.page>[0]>, limit = 10, offset = 0) =>
      links.page(
        { workflowId: 'wf-1', nodeId: null, executionId: null, role: null, visibleIn: null, ...filter },
        limit,
        offset,
      )
    const keys = async (paged: ReturnType<typeof page>) =>
      (await paged).items.map((row) => `${row.asset.id}@${row.nodeId ?? ''}`)
    // Newest association first, then by asset and node.
    expect(await keys(page({}))).toEqual(['a2@10', 'a3@3:1', 'a1@', 'a1@9'])
    expect(await page({}, 2, 1)).toMatchObject({ total: 4, items: [{ asset: { id: 'a3' } }, { asset: { id: 'a1' } }] })
    expect(await keys(page({ role: 'input' }))).toEqual(['a3@3:1'])
    expect(await keys(page({ executionId: 'run-2' }))).toEqual(['a3@3:1', 'a1@9'])
    expect(await keys(page({ nodeId: '9' }))).toEqual(['a1@9'])
    expect(await page({ workflowId: 'nope' })).toEqual({ items: [], total: 0 })

    // An asset that goes takes its associations with it.
    await sql.run('DELETE FROM videos WHERE id = ?', ['a1'])
    expect(await keys(page({}))).toEqual(['a2@10', 'a3@3:1'])
    expect(await count(sql, 'workflow_videos')).toBe(2)
  })

  it('adds and replaces generation details whole, marks uploaded assets generated and finds models by hash', async () => {
    const { sql, catalog } = await fresh()
    const { generation } = catalog.repos
    expect(await generation.get('a1')).toBeUndefined()
    expect(await generation.put(details('a1'))).toEqual(details('a1'))
    expect(await generation.put(details('a1', { model: null, prompt: 'a carp', seed: '7' }))).toEqual(
      details('a1', { model: null, prompt: 'a carp', seed: '7' }),
    )
    expect(await count(sql, 'video_generation')).toBe(1)
    await expect(generation.put(details('nope'))).rejects.toThrow()
    // Only an uploaded asset becomes generated; a processed one stays what it is.
    await sql.run(`UPDATE videos SET source_type = 'processed' WHERE id = ?`, ['a3'])
    await generation.put(details('a3'))
    const types = await sql.all<{ type: string }>('SELECT source_type AS type FROM videos ORDER BY id')
    expect(types.map((row) => row.type)).toEqual(['generated', 'uploaded', 'processed'])

    // A model is known by its hash when another asset's parameters give both.
    const params = (value: unknown) => JSON.stringify(value)
    await generation.put(details('a2', { model: 'sd15', generationParams: params({ 'Model hash': '6ce01_16%' }) }))
    expect(await generation.modelByHash('6ce01_16%')).toBe('sd15')
    expect(await generation.modelByHash('6ce01x16%')).toBeUndefined()
    expect(await generation.modelByHash('6CE01_16%')).toBeUndefined()
    expect(await generation.modelByHash('6ce01')).toBeUndefined()
    // Not as another member, not without a model, not in text that is no JSON.
    await generation.put(details('a3', { model: 'other', generationParams: params({ note: 'abc123' }) }))
    await generation.put(details('a1', { model: null, generationParams: params({ 'Model hash': 'abc123' }) }))
    await sql.run('UPDATE video_generation SET generation_params = ? WHERE video_id = ?', ['Model hash: abc123', 'a2'])
    expect(await generation.modelByHash('abc123')).toBeUndefined()
  })

  it('finds a model by its hash past the first hundred rows that mention it', async () => {
    const { sql, catalog } = await fresh()
    const ids = Array.from({ length: 120 }, (_, index) => `b${String(index).padStart(3, '0')}`)
    await insertAssets(sql, ids)
    for (const id of ids.slice(0, -1)) {
      await catalog.repos.generation.put(details(id, { generationParams: JSON.stringify({ note: 'cafe42' }) }))
    }
    await catalog.repos.generation.put(
      details(ids.at(-1)!, { model: 'last', generationParams: JSON.stringify({ 'Model hash': 'cafe42' }) }),
    )
    expect(await catalog.repos.generation.modelByHash('cafe42')).toBe('last')
  })

  it('keeps what a pipeline run is beyond its run: its asset, timeline, stage and job', async () => {
    const { sql, catalog } = await fresh()
    const { workflowExecutions: runs, pipelineRuns } = catalog.repos
    for (const id of ['p1', 'p2', 'p3', 'p4']) await runs.insert(execution(id, { status: 'queued' }))
    const timelineId = await catalog.repos.timelines.insert({
      videoId: 'a1',
      contentHash: 'sha256:00',
      profile: 'default',
      fps: 2,
      config: { fps: 2 },
      createdAt: at(0),
    })
    await pipelineRuns.insert(pipelineRun('p1'))
    await pipelineRuns.insert(pipelineRun('p2', { kind: 'replay', fromCheckpointId: 42, createdAt: at(3) }))
    await pipelineRuns.insert(pipelineRun('p3', { videoId: 'a2' }))
    await expect(pipelineRuns.insert(pipelineRun('p1'))).rejects.toBeInstanceOf(UniqueViolation)
    await expect(pipelineRuns.insert(pipelineRun('nope'))).rejects.toThrow()
    await expect(pipelineRuns.insert(pipelineRun('p4', { kind: 'again' as never }))).rejects.toThrow()
    expect(await pipelineRuns.get('p1')).toEqual(pipelineRun('p1'))
    expect(await pipelineRuns.get('nope')).toBeUndefined()
    expect((await pipelineRuns.ofVideo('a1')).map((row) => row.executionId)).toEqual(['p2', 'p1'])

    await pipelineRuns.setTimeline('p1', timelineId)
    await pipelineRuns.setStage('p1', 'text')
    await pipelineRuns.setJob('p1', 'job-1')
    expect(await pipelineRuns.get('p1')).toEqual(
      pipelineRun('p1', { timelineId, currentStage: 'text', jobId: 'job-1' }),
    )
    await pipelineRuns.setStage('p1', null)
    expect(await pipelineRuns.get('p1')).toMatchObject({ currentStage: null })
    expect(await runView(catalog.repos, (await pipelineRuns.get('p2'))!)).toMatchObject({
      executionId: 'p2',
      workflowId: 'wf-1',
      kind: 'replay',
      fromCheckpointId: 42,
      stages: ['frames', 'text'],
      config: { text: { lang: 'en' } },
      status: 'queued',
      interrupted: false,
    })

    // The timeline and the asset may go before the run: it stays, without them; its execution takes it along.
    await sql.run('DELETE FROM timelines WHERE id = ?', [timelineId])
    await sql.run('DELETE FROM videos WHERE id = ?', ['a1'])
    expect(await pipelineRuns.get('p1')).toMatchObject({ videoId: null, timelineId: null })
    await sql.run('DELETE FROM workflow_executions WHERE id = ?', ['p1'])
    expect(await pipelineRuns.get('p1')).toBeUndefined()
    expect(await count(sql, 'pipeline_runs')).toBe(2)
  })

  it('writes a run, moves it on, lists it and reads it with its assets through the services', async () => {
    const { catalog } = await fresh()
    const lib = { catalog }
    const { execution: queued } = await createExecution(lib, { workflowId: 'wf-1', id: 'run-1', status: 'queued' })
    expect(queued).toMatchObject({ id: 'run-1', status: 'queued', startedAt: null, completedAt: null, outputs: 0 })
    await expect(createExecution(lib, { workflowId: 'wf-1', id: 'run-1', status: 'queued' })).rejects.toThrow(
      'An execution with id run-1 exists already.',
    )
    await expect(createExecution(lib, { workflowId: 'nope', status: 'queued' })).rejects.toThrow(
      'No workflow with id nope.',
    )
    await updateExecution(lib, 'run-1', { status: 'running', startedAt: at(10) })
    const done = await updateExecution(lib, 'run-1', { status: 'completed', executionData: '{"seed": 7}' })
    expect(done.execution).toMatchObject({ status: 'completed', startedAt: at(10), executionData: { seed: 7 } })
    await expect(updateExecution(lib, 'run-1', { status: 'running' })).rejects.toThrow(
      'Execution run-1 is completed: it cannot become running',
    )
    await expect(updateExecution(lib, 'nope', { status: 'running' })).rejects.toThrow('No execution with id nope.')
    expect((await catalog.repos.workflows.get('wf-1'))!.lastExecutedAt).toBe(at(10))

    await catalog.repos.workflowVideos.upsert(association('a2', { executionId: 'run-1' }))
    await catalog.repos.workflowVideos.upsert(association('a1', { executionId: 'run-1', nodeId: '8' }))
    const read = await getExecution(lib, 'run-1')
    expect(read.dataText).toBe('{"seed": 7}')
    expect(read.execution.outputs).toBe(2)
    expect(read.media.map((media) => media.asset.id)).toEqual(['a1', 'a2'])
    await expect(getExecution(lib, 'nope')).rejects.toThrow('No execution with id nope.')
    expect(await listExecutions(lib, { workflowId: 'wf-1', status: ['completed'], limit: 5, offset: 0 })).toMatchObject(
      { total: 1, items: [{ id: 'run-1', executionData: { seed: 7 } }] },
    )
    await expect(listExecutions(lib, { workflowId: 'nope', limit: 5, offset: 0 })).rejects.toThrow(
      'No workflow with id nope.',
    )

    const shown = await getWorkflow(lib, 'wf-1')
    expect(shown).toMatchObject({ mediaTotal: 2, workflow: { executions: 1, outputs: 2 } })
    expect(shown.nodes.map((node) => node.nodeId)).toEqual(['8', '9'])
    expect(await workflowVideos(lib, { id: 'wf-1', nodeId: '8', limit: 5, offset: 0 })).toMatchObject({
      total: 1,
      items: [{ asset: { id: 'a1' } }],
    })
    expect(await deleteWorkflow(lib, 'wf-1')).toEqual({ id: 'wf-1', executions: 1, associations: 2 })
  })

  it('records what an imported file says about how it was made, one run for the files of one request', async () => {
    const { sql, catalog } = await fresh()
    const apiPrompt = JSON.parse(prompt('7')) as Record<string, unknown>
    const facts = (createdAt: string | null): GenerationFacts => ({
      ...emptyFacts(),
      sources: ['png:tEXt:prompt'],
      provider: 'comfyui',
      model: 'flux1-dev',
      prompt: 'a koi',
      seed: BIG_SEED,
      steps: 20,
      params: { 'Model hash': 'abc' },
      workflow: { format: 'comfyui-api', definition: apiPrompt, id: null },
      apiPrompt,
      apiPromptText: prompt('7'),
      saveNodes: [{ nodeId: '9', nodeType: 'SaveImage', fits: true }],
      createdAt,
    })
    await catalog.transaction((repos) => recordImportedGeneration(repos, 'a1', facts(at(20)), at(30)))
    await catalog.transaction((repos) => recordImportedGeneration(repos, 'a2', facts(null), at(31)))
    // A file that says nothing writes nothing.
    await catalog.transaction((repos) => recordImportedGeneration(repos, 'a3', emptyFacts(), at(32)))

    const { repos } = catalog
    expect(await repos.generation.get('a1')).toMatchObject({
      provider: 'comfyui',
      model: 'flux1-dev',
      seed: BIG_SEED,
      status: 'completed',
      createdAt: at(20),
      completedAt: at(20),
    })
    expect(JSON.parse((await repos.generation.get('a1'))!.generationParams!)).toMatchObject({
      steps: 20,
      'Model hash': 'abc',
    })
    expect(await repos.generation.get('a3')).toBeUndefined()
    const workflowId = configHash(apiPrompt)
    const runId = configHash({ workflow: workflowId, prompt: apiPrompt })
    expect(await repos.workflowExecutions.get(runId)).toMatchObject({
      workflowId,
      status: 'completed',
      startedAt: at(20),
      executionData: `{"prompt":${prompt('7')},"source":"import"}`,
      outputs: 2,
    })
    const [link] = await repos.workflowVideos.ofAsset('a2')
    expect(link).toMatchObject({ workflowId, nodeId: '9', nodeType: 'SaveImage', role: 'output', executionId: runId })
    expect(await repos.workflowVersions.ofAsset('a2')).toEqual([
      { workflowId, definitionId: (await repos.workflowVersions.ofExecution(runId))!.definitionId },
    ])
    expect(await count(sql, 'workflow_executions')).toBe(1)
    expect((await repos.workflows.get(workflowId))!.lastExecutedAt).toBe(at(20))
    const types = await sql.all<{ type: string }>('SELECT source_type AS type FROM videos ORDER BY id')
    expect(types.map((row) => row.type)).toEqual(['generated', 'generated', 'uploaded'])

    // A write that fails rolls the file's whole provenance back.
    await expect(
      catalog.transaction(async (inTransaction) => {
        await recordImportedGeneration(inTransaction, 'a3', facts(null), at(33))
        throw new Error('the import failed')
      }),
    ).rejects.toThrow('the import failed')
    expect(await repos.generation.get('a3')).toBeUndefined()
    expect(await repos.workflowVideos.ofAsset('a3')).toEqual([])
  })

  it('records a ComfyUI run queued, then what it learnt, and compares two runs of one source', async () => {
    const { catalog } = await fresh()
    const lib = { catalog }
    const { workflow, definitionId } = await upsertWorkflow(lib, JSON.parse(prompt('1')), 'comfyui-api', 'test')
    await createExecution(lib, {
      workflowId: workflow.id,
      id: 'source',
      status: 'completed',
      executionData: `{"prompt":${prompt('1')}}`,
    })
    const source: SourceFacts = {
      workflowId: workflow.id,
      workflowName: workflow.name,
      sourceExecutionId: 'source',
      promptText: prompt('1'),
      why: null,
      workflowText: null,
      definitionId,
    }
    const state = (executionId: string, seed: string): RunState => ({
      executionId,
      promptText: prompt(seed),
      changed: [{ nodeId: '3', input: 'seed', value: seed }],
      sweep: null,
      promptId: null,
      queuedAt: at(40),
      startedAt: null,
      succeededAt: null,
      finishedAt: null,
      cachedNodes: [],
      outputs: [],
    })
    const runs = [state('run-a', '5'), state('run-b', BIG_SEED)]
    for (const run of runs) await recordQueuedRun(lib, 'http://comfy', source, run)
    expect(await catalog.repos.workflowExecutions.get('run-a')).toMatchObject({ status: 'queued', startedAt: null })
    expect(await catalog.repos.workflowVersions.ofExecution('run-a')).toEqual({ workflowId: workflow.id, definitionId })
    // A run whose start was never told still ran before it completed.
    runs[0]!.cachedNodes = ['4']
    await recordRun(lib, 'http://comfy', source, runs[0]!, 'completed')
    await recordRun(lib, 'http://comfy', source, runs[1]!, 'failed', 'Out of memory')
    const [a, b] = [await getExecution(lib, 'run-a'), await getExecution(lib, 'run-b')]
    expect(a.execution).toMatchObject({
      status: 'completed',
      executionData: { source: 'comfy-run', cachedNodes: ['4'] },
    })
    expect(a.execution.startedAt).not.toBeNull()
    expect(b.execution).toMatchObject({ status: 'failed', error: 'Out of memory' })
    expect(b.dataText).toContain(`"seed":${BIG_SEED}`)

    const compared = await compareRuns(lib, ['run-a', 'run-b'])
    expect(compared.runs.map((run) => [run.id, run.status, run.cachedNodes])).toEqual([
      ['run-a', 'completed', ['4']],
      ['run-b', 'failed', []],
    ])
    expect(compared.inputs.find((input) => input.input === 'seed')).toMatchObject({
      values: ['5', BIG_SEED],
      differs: true,
    })
    await expect(compareRuns(lib, ['run-a', 'nope'])).rejects.toThrow('No execution with id nope.')
  })
})
