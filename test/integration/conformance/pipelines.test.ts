import { describe, expect, it } from 'vitest'
import { createCatalog, type Catalog } from '../../../main/db/catalog'
import type { NewCheckpoint } from '../../../main/db/repos/checkpoints'
import type { TimelineFrameRow } from '../../../main/db/repos/timelines'
import { UniqueViolation, type SqlEngine } from '../../../main/db/sql/sql-engine'
import { checkpointDeleteHandler } from '../../../main/services/pipelines/checkpoint-delete'
import { compareCheckpoints, labelCheckpoint, pinCheckpoint } from '../../../main/services/pipelines/checkpoint-tree'
import {
  createRootCheckpoint,
  getCheckpoint,
  loadStageOutput,
  saveStageOutput,
  timelineCheckpoints,
  type StageOutput,
} from '../../../main/services/pipelines/checkpoints'
import { checkpointWithOutputs } from '../../../main/services/pipelines/pipeline-views'
import { ENGINES, freshEngine, insertAssets } from '../../helpers/sql-engines'

const at = '2026-11-25T10:00:00.000Z'
const HASH = `sha256:${'ab'.repeat(32)}`
const newTimeline = (fps: number, videoId: string | null = 'a1') => ({
  videoId,
  contentHash: HASH,
  profile: 'default',
  fps,
  config: { fps, longest_side: 720, quality: 85 },
  createdAt: at,
})
const frame = (sequence: number): TimelineFrameRow => ({
  sequence,
  chunkId: Math.floor(sequence / 120),
  timestamp: sequence / 2,
  frameKey: `ab/${HASH.slice(7)}/default-2fps/${String(sequence).padStart(6, '0')}.jpg`,
  perceptualHash: sequence.toString(16).padStart(64, '0'),
  hashQuality: sequence % 101,
  bytes: 1000 + sequence,
})
const stageOutput = (stage: string, key: string, output: unknown): StageOutput => ({
  stage,
  key,
  version: 1,
  contentHash: HASH,
  configHash: `sha256:${key}`,
  inputKeys: [],
  output,
})
// What a stage writes: keys out of order, floats, text beyond ASCII, a string that looks like JSON.
const RICH = {
  zeta: [{ term: 'ACME', score: 0.30000000000000004, at: [1e-7, 12.5] }],
  alpha: { 2: 'two', 10: 'ten', é: 'ü 日本', quoted: '{"not": "parsed"}' },
  none: null,
  yes: true,
}

// Issue 34: the pipelines' timelines and checkpoint trees, the same on a library's SQLite and a hub's PostgreSQL.
describe.each(ENGINES)('pipelines on %s', (dialect) => {
  const fresh = async (): Promise<{ sql: SqlEngine; catalog: Catalog }> => {
    const sql = await freshEngine(dialect)
    await insertAssets(sql, ['a1', 'a2'])
    return { sql, catalog: createCatalog(sql) }
  }
  const count = async (sql: SqlEngine, table: string) =>
    (await sql.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n

  it('makes timelines, finds them by content, profile and fps, and lists an asset’s oldest first', async () => {
    const { catalog } = await fresh()
    const { timelines } = catalog.repos
    const first = await timelines.insert(newTimeline(2))
    const second = await timelines.insert(newTimeline(0.5))
    await timelines.insert(newTimeline(1, 'a2'))
    expect(await timelines.get(first)).toEqual({
      id: first,
      ...newTimeline(2),
      status: 'created',
      frameCount: 0,
      frameBytes: 0,
    })
    expect(await timelines.find(HASH, 'default', 0.5)).toMatchObject({ id: second, fps: 0.5 })
    expect(await timelines.find(HASH, 'small', 0.5)).toBeUndefined()
    expect(await timelines.get(9999)).toBeUndefined()
    expect((await timelines.ofVideo('a1')).map((one) => one.id)).toEqual([first, second])
    expect(await timelines.ofVideo('zz')).toEqual([])
    await expect(timelines.insert(newTimeline(2, 'a2'))).rejects.toBeInstanceOf(UniqueViolation)
    await expect(timelines.insert(newTimeline(0))).rejects.toThrow()
    await expect(timelines.insert(newTimeline(3, 'nope'))).rejects.toThrow()
  })

  it('stores an hour of frames in a few statements, pages them, and makes the timeline ready', async () => {
    const { sql, catalog } = await fresh()
    const { timelines } = catalog.repos
    const id = await timelines.insert(newTimeline(2))
    await timelines.setStatus(id, 'cached', 7)
    expect(await timelines.get(id)).toMatchObject({ status: 'cached', frameCount: 7, frameBytes: 0 })
    // 600 frames: two statements of 256, then 64, 16 and 8.
    const frames = Array.from({ length: 600 }, (_, sequence) => frame(sequence))
    await timelines.writeFrames(id, [...frames].reverse())
    expect(await timelines.frames(id)).toEqual(frames)
    const bytes = frames.reduce((sum, one) => sum + one.bytes, 0)
    expect(await timelines.get(id)).toMatchObject({ status: 'ready', frameCount: 600, frameBytes: bytes })
    expect(await timelines.framePage(id, 255, 3)).toEqual([frame(255), frame(256), frame(257)])
    expect(await timelines.framePage(id, 599, 10)).toEqual([frame(599)])
    expect(await timelines.framePage(id, 600, 10)).toEqual([])
    // Written again, the frames are replaced, not added to.
    await timelines.writeFrames(id, frames.slice(0, 3))
    expect(await timelines.frames(id)).toEqual(frames.slice(0, 3))
    expect(await count(sql, 'timeline_frames')).toBe(3)
    await timelines.setStatus(id, 'created')
    expect(await timelines.get(id)).toMatchObject({ status: 'created', frameCount: 0, frameBytes: 0 })
  })

  it('writes no frame of a batch that fails, and keeps the timeline as it was', async () => {
    const { catalog } = await fresh()
    const { timelines } = catalog.repos
    const id = await timelines.insert(newTimeline(2))
    await timelines.writeFrames(id, [frame(0)])
    await expect(timelines.writeFrames(id, [frame(1), frame(2), frame(1)])).rejects.toBeInstanceOf(UniqueViolation)
    expect(await timelines.frames(id)).toEqual([frame(0)])
    expect(await timelines.get(id)).toMatchObject({ status: 'ready', frameCount: 1 })
  })

  it('deletes the unmade timelines at once, and a timeline with its frames and checkpoints', async () => {
    const { sql, catalog } = await fresh()
    const { timelines, checkpoints } = catalog.repos
    const made = await timelines.insert(newTimeline(2))
    await timelines.writeFrames(made, [frame(0), frame(1)])
    const created = await timelines.insert(newTimeline(1))
    const cached = await timelines.insert(newTimeline(4))
    await timelines.setStatus(cached, 'cached', 2)
    expect((await timelines.deleteUnmade()).map((one) => [one.id, one.status])).toEqual([
      [created, 'created'],
      [cached, 'cached'],
    ])
    expect(await timelines.deleteUnmade()).toEqual([])
    expect((await timelines.ofVideo('a1')).map((one) => one.id)).toEqual([made])

    const root = await createRootCheckpoint(catalog.repos, made, 2, null)
    await saveStageOutput({ catalog }, { parentId: root.id, runId: null, output: stageOutput('text', 't', ['x']) })
    expect(await timelines.delete(made)).toBe(true)
    expect(await timelines.delete(made)).toBe(false)
    expect(await checkpoints.ofTimeline(made)).toEqual([])
    expect([await count(sql, 'timeline_frames'), await count(sql, 'checkpoint_outputs')]).toEqual([0, 0])
    // Outputs hang on no timeline: only a deletion of checkpoints (deleteLeavesFirst) drops those none carries.
    expect(await count(sql, 'stage_outputs')).toBe(1)
  })

  it('keeps a timeline whose asset is deleted, and gives it to the asset imported again', async () => {
    const { sql, catalog } = await fresh()
    const { timelines } = catalog.repos
    const id = await timelines.insert(newTimeline(2))
    await sql.run('DELETE FROM videos WHERE id = ?', ['a1'])
    expect(await timelines.get(id)).toMatchObject({ videoId: null })
    await timelines.setVideo(id, 'a2')
    expect((await timelines.ofVideo('a2')).map((one) => one.id)).toEqual([id])
  })

  it('stores checkpoints with the outputs they carry, as the tree and its flags', async () => {
    const { catalog } = await fresh()
    const { timelines, checkpoints } = catalog.repos
    const timelineId = await timelines.insert(newTimeline(2))
    const other = await timelines.insert(newTimeline(1))
    const node = (
      parentId: number | null,
      stage: string | null,
      outputKeys: Record<string, string>,
    ): NewCheckpoint => ({
      ...{ timelineId, parentId, runId: null, stage, stats: { frames: 3, nested: { a: [1, 2] } } },
      ...{ configOverrides: stage ? { [stage]: { psm: 6 } } : {}, cached: stage === 'match', createdAt: at },
      outputKeys,
    })
    for (const [key, stage] of [
      ['t1', 'text'],
      ['d1', 'dedupe_frames'],
      ['m1', 'match'],
    ] as const) {
      await checkpoints.putOutput({ ...stageOutput(stage, key, [key]), createdAt: at })
    }
    const root = await checkpoints.insert(node(null, null, {}))
    const dedupe = await checkpoints.insert(node(root, 'dedupe_frames', { dedupe_frames: 'd1' }))
    const text = await checkpoints.insert(node(dedupe, 'text', { text: 't1', dedupe_frames: 'd1' }))
    const match = await checkpoints.insert(node(text, 'match', { text: 't1', match: 'm1', dedupe_frames: 'd1' }))
    const otherRoot = await checkpoints.insert({ ...node(null, null, {}), timelineId: other })

    expect(await checkpoints.get(match)).toEqual({
      id: match,
      timelineId,
      parentId: text,
      runId: null,
      stage: 'match',
      stats: { frames: 3, nested: { a: [1, 2] } },
      configOverrides: { match: { psm: 6 } },
      cached: true,
      isScenario: false,
      scenarioLabel: null,
      pinned: false,
      createdAt: at,
    })
    expect(await checkpoints.get(9999)).toBeUndefined()
    expect((await checkpoints.ofTimeline(timelineId)).map((one) => [one.id, one.parentId])).toEqual([
      [root, null],
      [dedupe, root],
      [text, dedupe],
      [match, text],
    ])
    expect(await checkpoints.root(timelineId)).toMatchObject({ id: root, stage: null, cached: false })
    expect(await checkpoints.root(other)).toMatchObject({ id: otherRoot })
    expect(await checkpoints.root(9999)).toBeUndefined()
    const carried = await checkpoints.outputKeys(match)
    expect(Object.entries(carried)).toEqual([
      ['dedupe_frames', 'd1'],
      ['match', 'm1'],
      ['text', 't1'],
    ])
    expect(await checkpoints.outputKeys(root)).toEqual({})
    const byCheckpoint = await checkpoints.timelineOutputKeys(timelineId)
    expect([...byCheckpoint.keys()].sort((a, b) => a - b)).toEqual([dedupe, text, match])
    expect(Object.entries(byCheckpoint.get(match)!)).toEqual(Object.entries(carried))
    expect(byCheckpoint.get(dedupe)).toEqual({ dedupe_frames: 'd1' })
    expect(await checkpoints.timelineOutputKeys(other)).toEqual(new Map())

    expect(await checkpoints.setScenario(text, 'psm 6')).toBe(true)
    expect(await checkpoints.setPinned(dedupe, true)).toBe(true)
    expect(await checkpoints.get(text)).toMatchObject({ isScenario: true, scenarioLabel: 'psm 6', pinned: false })
    expect(await checkpoints.get(dedupe)).toMatchObject({ isScenario: false, pinned: true })
    expect(await checkpoints.setScenario(text, null)).toBe(true)
    expect(await checkpoints.setPinned(dedupe, false)).toBe(true)
    expect(await checkpoints.get(text)).toMatchObject({ isScenario: false, scenarioLabel: null })
    expect(await checkpoints.get(dedupe)).toMatchObject({ pinned: false })
    expect(await checkpoints.setScenario(9999, 'x')).toBe(false)
    expect(await checkpoints.setPinned(9999, true)).toBe(false)
  })

  it('refuses a checkpoint without its parent or stage, or carrying an unknown output, writing nothing', async () => {
    const { sql, catalog } = await fresh()
    const { timelines, checkpoints } = catalog.repos
    const timelineId = await timelines.insert(newTimeline(2))
    const base = { timelineId, runId: null, stats: {}, configOverrides: {}, cached: false, createdAt: at }
    await expect(checkpoints.insert({ ...base, parentId: 9999, stage: 'text', outputKeys: {} })).rejects.toThrow()
    await expect(checkpoints.insert({ ...base, parentId: null, stage: 'text', outputKeys: {} })).rejects.toThrow()
    const root = await checkpoints.insert({ ...base, parentId: null, stage: null, outputKeys: {} })
    await expect(checkpoints.insert({ ...base, parentId: root, stage: null, outputKeys: {} })).rejects.toThrow()
    await expect(
      checkpoints.insert({ ...base, parentId: root, stage: 'text', outputKeys: { text: 'missing' } }),
    ).rejects.toThrow()
    await expect(
      checkpoints.insert({ ...base, timelineId: 9999, parentId: null, stage: null, outputKeys: {} }),
    ).rejects.toThrow()
    expect((await checkpoints.ofTimeline(timelineId)).map((one) => one.id)).toEqual([root])
    expect(await count(sql, 'checkpoint_outputs')).toBe(0)
  })

  it('caches an output once under its key, and gives it back as it was written with its size', async () => {
    const { catalog } = await fresh()
    const { checkpoints } = catalog.repos
    const rich = { ...stageOutput('match', 'k1', RICH), inputKeys: ['sha256:b', 'sha256:a'], createdAt: at }
    await checkpoints.putOutput(rich)
    await checkpoints.putOutput({ ...rich, output: ['other'], createdAt: '2027-01-01T00:00:00.000Z' })
    await checkpoints.putOutput({ ...stageOutput('text', 'k2', 'just text'), createdAt: at })
    await checkpoints.putOutput({ ...stageOutput('text', 'k3', null), createdAt: at })
    expect(await checkpoints.output('k1')).toEqual({ ...rich, bytes: Buffer.byteLength(JSON.stringify(RICH)) })
    expect(await checkpoints.output('k2')).toMatchObject({ output: 'just text', bytes: 11 })
    expect(await checkpoints.output('k3')).toMatchObject({ output: null, bytes: 4 })
    expect(await checkpoints.output('nope')).toBeUndefined()
  })

  it('counts the bytes of the outputs a timeline carries, each once', async () => {
    const { catalog } = await fresh()
    const { timelines } = catalog.repos
    const id = await timelines.insert(newTimeline(2))
    const root = await createRootCheckpoint(catalog.repos, id, 2, null)
    expect(await catalog.repos.checkpoints.outputBytes(id)).toBe(0)
    const lib = { catalog }
    const text = await saveStageOutput(lib, { parentId: root.id, runId: null, output: stageOutput('text', 't', 'abc') })
    await saveStageOutput(lib, { parentId: text.id, runId: null, output: stageOutput('match', 'm', [1, 2]) })
    await saveStageOutput(lib, { parentId: root.id, runId: null, output: stageOutput('text', 't', 'abc') })
    expect(await catalog.repos.checkpoints.outputBytes(id)).toBe('"abc"'.length + '[1,2]'.length)
    expect(await catalog.repos.checkpoints.outputBytes(9999)).toBe(0)
  })

  it('deletes branches deepest first, counting each checkpoint once, and drops the outputs none carries', async () => {
    const { sql, catalog } = await fresh()
    const { timelines, checkpoints } = catalog.repos
    const lib = { catalog }
    const root = await createRootCheckpoint(catalog.repos, await timelines.insert(newTimeline(2)), 10, null)
    const save = (parentId: number, key: string) =>
      saveStageOutput(lib, { parentId, runId: null, output: stageOutput('text', key, [key]) })
    // A chain of 30 whose first output a sibling branch shares.
    const chain = [await save(root.id, 'shared')]
    for (let n = 1; n < 30; n += 1) chain.push(await save(chain.at(-1)!.id, `chain-${n}`))
    const sibling = await save(root.id, 'shared')
    const ids = chain.map((one) => one.id)
    // Given in any order, the whole branch goes; a second time, nothing does.
    expect(await checkpoints.deleteLeavesFirst([ids[3]!, ...ids.slice(4).reverse(), ...ids.slice(0, 3)])).toBe(30)
    expect(await checkpoints.deleteLeavesFirst(ids)).toBe(0)
    expect((await checkpoints.ofTimeline(root.timelineId)).map((one) => one.id)).toEqual([root.id, sibling.id])
    expect(await checkpoints.output('shared')).toMatchObject({ output: ['shared'] })
    expect(await checkpoints.output('chain-1')).toBeUndefined()
    expect(await count(sql, 'stage_outputs')).toBe(1)
    expect(await checkpoints.deleteLeavesFirst([sibling.id])).toBe(1)
    expect(await count(sql, 'stage_outputs')).toBe(0)
    expect(await checkpoints.deleteLeavesFirst([])).toBe(0)
  })

  it('saves stage outputs through the service: carried forward, merged, shared, read back the same', async () => {
    const { sql, catalog } = await fresh()
    const { repos } = catalog
    const lib = { catalog }
    // The run that made the root: a workflow's execution.
    await sql.run(
      `INSERT INTO workflows (id, name, definition, format, definition_hash) VALUES ('w1', 'Pipeline', '{}', 'native', '')`,
    )
    await sql.run(`INSERT INTO workflow_executions (id, workflow_id) VALUES ('run-1', 'w1')`)
    const root = await createRootCheckpoint(repos, await repos.timelines.insert(newTimeline(2)), 12, 'run-1')
    expect(root).toMatchObject({ parentId: null, runId: 'run-1', stats: { frames_extracted: 12 }, outputKeys: {} })
    const text = await saveStageOutput(lib, {
      parentId: root.id,
      runId: null,
      output: stageOutput('text', 't', RICH),
      stats: { words: 4 },
      configOverrides: { text: { psm: 11 } },
    })
    const match = await saveStageOutput(lib, {
      parentId: text.id,
      runId: null,
      output: stageOutput('match', 'm', [{ term: 'ACME' }]),
      stats: { frames_extracted: 11 },
      configOverrides: { match: { mode: 'fuzzy' } },
      cached: true,
    })
    expect(match).toMatchObject({
      parentId: text.id,
      stage: 'match',
      cached: true,
      stats: { frames_extracted: 11, words: 4 },
      configOverrides: { text: { psm: 11 }, match: { mode: 'fuzzy' } },
      outputKeys: { text: 't', match: 'm' },
    })
    expect(await getCheckpoint(repos, match.id)).toEqual(match)
    expect(await loadStageOutput(repos, match.id, 'text')).toEqual(RICH)
    expect(await loadStageOutput(repos, match.id, 'dedupe_frames')).toBeNull()
    expect(await loadStageOutput(repos, 9999, 'text')).toBeNull()
    expect(await timelineCheckpoints(repos, root.timelineId)).toEqual([root, text, match])
    await expect(
      saveStageOutput(lib, { parentId: 9999, runId: null, output: stageOutput('text', 'lost', []) }),
    ).rejects.toThrow(/Cannot save the text output: checkpoint 9999 is not there/)
    expect(await repos.checkpoints.output('lost')).toBeUndefined()
    expect(await checkpointWithOutputs(lib, match.id)).toEqual({
      checkpoint: match,
      outputs: { match: [{ term: 'ACME' }], text: RICH },
    })
    // A deleted run leaves its checkpoints.
    await sql.run('DELETE FROM workflow_executions')
    expect(await getCheckpoint(repos, root.id)).toEqual({ ...root, runId: null })
  })

  it('labels, pins and compares checkpoints, then prunes the rest as the deletion job does', async () => {
    const { sql, catalog } = await fresh()
    const { repos } = catalog
    const lib = { catalog }
    const root = await createRootCheckpoint(repos, await repos.timelines.insert(newTimeline(2)), 12, null)
    const text = await saveStageOutput(lib, { parentId: root.id, runId: null, output: stageOutput('text', 't', ['a']) })
    const tries = []
    for (const mode of ['exact', 'casefold', 'fuzzy']) {
      const output = stageOutput('match', `m-${mode}`, [{ term: mode }])
      tries.push(
        await saveStageOutput(lib, {
          ...{ parentId: text.id, runId: null, output },
          ...{ stats: { matched: mode.length }, configOverrides: { match: { mode } } },
        }),
      )
    }
    const [exact, casefold, fuzzy] = tries.map((one) => one.id) as [number, number, number]
    expect((await labelCheckpoint(lib, exact, 'strict')).checkpoint).toMatchObject({ isScenario: true })
    expect((await pinCheckpoint(lib, casefold, true)).checkpoint).toMatchObject({ pinned: true })
    await expect(pinCheckpoint(lib, 9999, true)).rejects.toThrow('No checkpoint 9999.')
    const compared = await compareCheckpoints(lib, [exact, fuzzy], false)
    // Their stats are the same (`matched` 5 and 5): only the mode and the output's key differ.
    expect(compared.rows.map((row) => [row.path, row.values])).toEqual([
      ['config.match.mode', ['exact', 'fuzzy']],
      ['key.match', ['m-exact', 'm-fuzzy']],
    ])
    const all = (await compareCheckpoints(lib, [exact, fuzzy], true)).rows
    expect(all.find((row) => row.path === 'stats.matched')).toEqual({
      path: 'stats.matched',
      values: [5, 5],
      differs: false,
    })

    // The prune keeps the newest, the scenario, the pinned and the root, with their ancestors.
    const context = { jobId: 'j1', assetId: null, signal: new AbortController().signal, progress() {}, keep() {} }
    const prune = () =>
      checkpointDeleteHandler.run(lib, { of: 'prune', timelineId: root.timelineId, keep: 1 } as never, context as never)
    expect(await prune()).toEqual({ deleted: 0 })
    await labelCheckpoint(lib, exact, null)
    expect(await prune()).toEqual({ deleted: 1 })
    expect((await repos.checkpoints.ofTimeline(root.timelineId)).map((one) => one.id)).toEqual([
      root.id,
      text.id,
      casefold,
      fuzzy,
    ])
    expect(await repos.checkpoints.output('m-exact')).toBeUndefined()
    expect(await count(sql, 'stage_outputs')).toBe(3)
  })
})
