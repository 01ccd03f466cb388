import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AssetWorkflow, WorkflowDefinition, WorkflowVersion, WorkflowVersionDiff } from '../../shared/contract'
import { migrations as shipped } from '../../main/db/migrations/index'
import { openDatabase } from '../../main/db/open-database'
import type { Library } from '../../main/services/library-context'
import { comfyUiWorkflow, LIGHTHOUSE_GRAPH, pythonJson, type ComfyGraphOptions } from '../fixtures/comfy-documents'
import { api } from '../fixtures/generation-fixtures'
import { makePng, tEXt } from '../fixtures/metadata-writers'
import { call } from '../helpers/browse'
import { importAndWait, itemFor } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

// Issue 20 point 1: every exact definition kept, grouped into versions by graph shape.
const ID = '5f0c2b7e-1d4a-4e8b-9c3f-7a6d5e4c3b21'
const BASE = LIGHTHOUSE_GRAPH
// A seed past 2^53 is written into the file's text as digits: a JS number cannot hold it.
// The schema before this increment.
const BEFORE = shipped.filter((m) => m.version < 260)
const BIG = { marker: 987_654_321, seeds: ['18446744073709551614', '18446744073709551615'] }

/** A SaveImage PNG carrying the graph's `prompt` and its UI `workflow` with id ID, written as ComfyUI writes them. */
function comfyPng(dir: string, name: string, options: ComfyGraphOptions, seedText?: string, width = 64): string {
  const exact = (text: string) => (seedText === undefined ? text : text.replaceAll(String(BIG.marker), seedText))
  const before = [tEXt('prompt', exact(api(options))), tEXt('workflow', exact(uiText(options)))]
  const file = path.join(dir, name)
  writeFileSync(file, makePng({ width, height: 64, before }))
  return file
}

const uiText = (options: ComfyGraphOptions) => pythonJson(comfyUiWorkflow(options, ID, 0.4))

async function importOne(lib: Library, file: string): Promise<string> {
  const { items } = await importAndWait(lib, [file])
  return itemFor(items, file).asset!.id
}

const versionsOf = async (lib: Library, id = ID) =>
  (await call<{ items: WorkflowVersion[] }>(lib, 'workflows:versions', { id })).items
const definitionOf = async (lib: Library, assetId: string) =>
  (await call<{ definition: WorkflowDefinition }>(lib, 'workflows:definition', { assetId })).definition
const seedIn = (definition: WorkflowDefinition) => /\[(\d+),"randomize"/.exec(definition.text)?.[1]

describe('workflow versions', () => {
  it('keeps each file’s exact definition, groups same-shape runs into one version, adds a version per new shape, and diffs them', async () => {
    const lib = testLibrary()
    const dir = tempDir()
    // Two runs of one graph with other seeds (past 2^53, one apart: a JS number would make them one).
    const a = await importOne(lib, comfyPng(dir, 'a.png', { ...BASE, seed: BIG.marker }, BIG.seeds[0]))
    const b = await importOne(lib, comfyPng(dir, 'b.png', { ...BASE, seed: BIG.marker }, BIG.seeds[1]))
    let versions = await versionsOf(lib)
    expect(versions.map((v) => [v.ordinal, v.definitions, v.assets])).toEqual([[1, 2, 2]])
    const [ofA, ofB] = [await definitionOf(lib, a), await definitionOf(lib, b)]
    expect([seedIn(ofA), seedIn(ofB)]).toEqual(BIG.seeds)
    expect(ofA).toMatchObject({ workflowId: ID, version: 1, format: 'comfyui-ui', recorded: true })
    expect(ofA.hash).not.toBe(ofB.hash)
    // The exact text as the file held it.
    expect(ofB.text).toBe(uiText({ ...BASE, seed: BIG.marker }).replaceAll(String(BIG.marker), BIG.seeds[1]))

    // Another picture made with the very same definition adds no definition (once per content hash).
    const twin = await importOne(lib, comfyPng(dir, 'b-twin.png', { ...BASE, seed: BIG.marker }, BIG.seeds[1], 32))
    expect(twin).not.toBe(b)
    expect((await versionsOf(lib)).map((v) => [v.definitions, v.assets])).toEqual([[2, 3]])
    expect((await definitionOf(lib, twin)).hash).toBe(ofB.hash)

    // The same id with one more node (a PreviewImage beside the save node): version 2, not refused, not collapsed.
    const c = await importOne(lib, comfyPng(dir, 'c.png', { ...BASE, seed: 7, preview: true }))
    versions = await versionsOf(lib)
    expect(versions.map((v) => [v.ordinal, v.definitions, v.assets])).toEqual([
      [1, 2, 3],
      [2, 1, 1],
    ])
    const ofC = await definitionOf(lib, c)
    expect(ofC).toMatchObject({ version: 2, recorded: true })
    expect(seedIn(ofC)).toBe('7')
    expect(seedIn(await definitionOf(lib, a))).toBe(BIG.seeds[0])
    // The run that made it keeps it too.
    const runOfC = (await call<{ workflows: AssetWorkflow[] }>(lib, 'generation:get', { id: c })).workflows[0]!
      .executionId!
    const ofRun = await call<{ definition: WorkflowDefinition }>(lib, 'workflows:definition', { executionId: runOfC })
    expect(ofRun.definition.hash).toBe(ofC.hash)

    // Pasting a definition of a new shape under the same id adds version 3 (it used to be refused).
    const pasted = comfyUiWorkflow(
      { ...BASE, seed: 7, steps: 30, lora: { name: 'detail.safetensors', strength: 0.6 } },
      ID,
      1,
    )
    const answer = await call<{ created: boolean; version: { ordinal: number; versionCreated: boolean } }>(
      lib,
      'workflows:create',
      { id: ID, name: 'pasted', definition: JSON.stringify(pasted), format: 'comfyui-ui' },
    )
    expect(answer).toMatchObject({ created: false, version: { ordinal: 3, versionCreated: true } })
    expect((await versionsOf(lib)).map((v) => v.ordinal)).toEqual([1, 2, 3])
    expect((await call<{ items: unknown[] }>(lib, 'workflows:list', { limit: 10 })).items).toHaveLength(1)

    // The diff names the added node and each changed widget, old → new (the seed past 2^53 exactly).
    const diff = await call<WorkflowVersionDiff>(lib, 'workflows:diff', { id: ID, from: 1, to: 2 })
    expect(diff.from).toEqual({ version: 1, hash: ofA.hash })
    expect(diff.nodes.added).toEqual([{ id: '11', type: 'PreviewImage', title: 'PreviewImage' }])
    expect(diff.nodes.removed).toEqual([])
    expect(diff.nodes.changed).toEqual([
      expect.objectContaining({ id: '3', type: 'KSampler', widgets: [{ name: 'seed', old: BIG.seeds[0], new: 7 }] }),
    ])
    expect(diff.links.added).toEqual([
      { from: { node: '8', slot: 0 }, to: { node: '11', input: 'images' }, type: 'IMAGE' },
    ])
    expect(diff.links.removed).toEqual([])
    // Two runs of one version by their hashes: only the seed differs, by one.
    const runs = await call<WorkflowVersionDiff>(lib, 'workflows:diff', { id: ID, from: ofA.hash, to: ofB.hash })
    expect(runs.nodes.changed.map((n) => n.widgets)).toEqual([[{ name: 'seed', old: BIG.seeds[0], new: BIG.seeds[1] }]])
    // Version 3 loads a LoRA: a node added and the model and clip rewired through it.
    const lora = await call<WorkflowVersionDiff>(lib, 'workflows:diff', { id: ID, from: 2, to: 3 })
    expect(lora.nodes.added.map((n) => n.type)).toEqual(['LoraLoader'])
    expect(lora.nodes.removed.map((n) => n.type)).toEqual(['PreviewImage'])
    expect(lora.links.removed.length).toBeGreaterThan(0)
    expect(lora.nodes.changed.find((n) => n.id === '3')!.widgets).toContainEqual({ name: 'steps', old: 20, new: 30 })

    const missing = await call(lib, 'workflows:diff', { id: ID, from: 1, to: 9 }).catch((error: Error) => error.message)
    expect(missing).toBe(`workflows:diff: not_found Workflow ${ID} has no version 9 (it has 3 versions).`)
  })
})

describe('migration 0260: existing libraries', () => {
  it('opens a library of the previous schema with each workflow’s definition of today as its version 1', async () => {
    const dir = tempDir()
    const old = openDatabase(path.join(dir, 'library.db'), BEFORE).db
    const today = uiText({ ...BASE, seed: 5 })
    old
      .prepare(
        `INSERT INTO workflows (id, name, definition, format, definition_hash) VALUES (?, 'Lighthouse', ?, 'comfyui-ui', 'sha256:00')`,
      )
      .run(ID, today)
    // A row the original manager wrote with a definition that is not JSON: left without a version, still there.
    old.prepare("INSERT INTO workflows (id, name, definition) VALUES ('seed-row', 'S', 'not json')").run()
    const video = old.prepare("INSERT INTO videos (id, name, file_path, source_type) VALUES (?, ?, ?, 'generated')")
    video.run('v1', 'a.png', path.join(dir, 'a.png'))
    video.run('v2', 'b.png', path.join(dir, 'b.png'))
    old.prepare("INSERT INTO workflow_executions (id, workflow_id, status) VALUES ('run-1', ?, 'completed')").run(ID)
    const associate = old.prepare(
      "INSERT INTO workflow_videos (workflow_id, video_id, node_id, execution_id) VALUES (?, ?, '9', ?)",
    )
    associate.run(ID, 'v1', 'run-1')
    associate.run(ID, 'v2', null)
    old.close()

    const lib = testLibrary(dir)
    expect(lib.sqlite.migration.applied).toContain('260-workflow-versions')
    const versions = await versionsOf(lib)
    expect(versions).toEqual([expect.objectContaining({ ordinal: 1, definitions: 1, assets: 0, executions: 0 })])
    for (const assetId of ['v1', 'v2']) {
      expect(await definitionOf(lib, assetId)).toMatchObject({
        workflowId: ID,
        version: 1,
        text: today,
        recorded: false,
      })
    }
    expect(await versionsOf(lib, 'seed-row')).toEqual([])
    expect(lib.sqlite.db.prepare('SELECT count(*) FROM workflow_definitions').pluck().get()).toBe(1)
    expect(lib.sqlite.db.pragma('foreign_key_check')).toEqual([])

    // A file of that workflow imported now keeps its own definition; today's stays version 1.
    const file = await importOne(lib, comfyPng(tempDir(), 'c.png', { ...BASE, seed: 6, preview: true }))
    expect((await versionsOf(lib)).map((v) => [v.ordinal, v.definitions])).toEqual([
      [1, 1],
      [2, 1],
    ])
    expect(seedIn(await definitionOf(lib, file))).toBe('6')
    expect(seedIn(await definitionOf(lib, 'v1'))).toBe('5')
  })

  it('fills in a file’s own definition when the file is imported again into a library that did not keep it', async () => {
    const lib = testLibrary()
    const png = comfyPng(tempDir(), 'd.png', { ...BASE, seed: 7 })
    const asset = await importOne(lib, png)
    // As a library from before definitions were kept holds it: the link without its definition.
    lib.sqlite.db.prepare('UPDATE workflow_videos SET definition_id = NULL WHERE video_id = ?').run(asset)
    expect(await definitionOf(lib, asset)).toMatchObject({ recorded: false })
    const { items } = await importAndWait(lib, [png])
    expect(itemFor(items, png)).toMatchObject({ outcome: 'duplicate', asset: { id: asset } })
    const filled = await definitionOf(lib, asset)
    expect(filled).toMatchObject({ recorded: true, version: 1 })
    expect(seedIn(filled)).toBe('7')
    expect(lib.sqlite.db.prepare('SELECT count(*) FROM workflow_definitions').pluck().get()).toBe(1)
  })
})
