import { describe, expect, inject, it } from 'vitest'
import type { ChannelOutput, DeleteResult, UndoResult } from '../../shared/contract'
import type { LocalLibrary } from '../../main/services/library-context'
import { seededLibrary } from '../helpers/assets'
import { call, listAll } from '../helpers/browse'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'

/** A workflow with a run, `ids` on its save node as outputs of that run, and the first asset's generation details. */
async function workflowWithOutputs(lib: LocalLibrary, ids: string[]): Promise<void> {
  await call(lib, 'workflows:create', { id: 'wf', name: 'Sunsets', definition: '{"nodes":[]}', format: 'native' })
  await call(lib, 'executions:create', { workflowId: 'wf', id: 'run', status: 'running' })
  for (const id of ids) {
    await call(lib, 'workflows:associate', { workflowId: 'wf', videoId: id, nodeId: '9', executionId: 'run' })
  }
  await call(lib, 'generation:set', { id: ids[0], prompt: 'a lighthouse at dusk', seed: '18446744073709551615' })
}

const count = (lib: LocalLibrary, sql: string, ...values: unknown[]) =>
  lib.sqlite.db
    .prepare(sql)
    .pluck()
    .get(...values)

describe('deleting a workflow', () => {
  it('keeps its assets and removes its associations and executions', async () => {
    const { lib, ids } = await seededLibrary(3)
    await workflowWithOutputs(lib, ids)
    const deleted = await call<ChannelOutput<'workflows:delete'>>(lib, 'workflows:delete', { id: 'wf' })
    expect(deleted).toEqual({ id: 'wf', executions: 1, associations: 3 })
    expect(count(lib, 'SELECT count(*) FROM videos')).toBe(3)
    expect(count(lib, 'SELECT count(*) FROM workflow_videos')).toBe(0)
    expect(count(lib, 'SELECT count(*) FROM workflow_executions')).toBe(0)
    // The generation details belong to the asset, not to the workflow.
    expect(count(lib, 'SELECT prompt FROM video_generation WHERE video_id = ?', ids[0])).toBe('a lighthouse at dusk')
    const generation = await call<ChannelOutput<'generation:get'>>(lib, 'generation:get', { id: ids[0] })
    expect(generation.workflows).toEqual([])
    expect(generation.generation?.seed).toBe('18446744073709551615')
  })

  it('leaves an association without its execution when only the execution goes (SET NULL)', async () => {
    const { lib, ids } = await seededLibrary(1)
    await workflowWithOutputs(lib, ids)
    lib.sqlite.db.prepare("DELETE FROM workflow_executions WHERE id = 'run'").run()
    expect(lib.sqlite.db.prepare('SELECT workflow_id, execution_id FROM workflow_videos').all()).toEqual([
      { workflow_id: 'wf', execution_id: null },
    ])
  })
})

describe('deleting an asset', () => {
  it('removes its associations and generation when its row goes (another tool deleting it too)', async () => {
    const { lib, ids } = await seededLibrary(2)
    await workflowWithOutputs(lib, ids)
    lib.sqlite.db.prepare('DELETE FROM videos WHERE id = ?').run(ids[0])
    expect(count(lib, 'SELECT count(*) FROM workflow_videos WHERE video_id = ?', ids[0])).toBe(0)
    expect(count(lib, 'SELECT count(*) FROM video_generation')).toBe(0)
    expect(count(lib, 'SELECT count(*) FROM workflow_videos')).toBe(1)
    expect(count(lib, 'SELECT count(*) FROM workflows')).toBe(1)
  })

  it('through the trash: the associations and prompt leave with it, come back on undo and go for good on empty', async () => {
    const lib = testLibrary()
    const fixtures = inject('fixtures')
    const { items } = await importAndWait(lib, [fixtures.mp4, fixtures.png])
    const ids = items.map((item) => item.asset!.id)
    await workflowWithOutputs(lib, ids)
    const findsPrompt = () => listAll(lib, { query: 'lighthouse' })
    expect(await findsPrompt()).toEqual([ids[0]])

    const deleted = await call<DeleteResult>(lib, 'media:delete', { ids: [ids[0]] })
    expect(deleted.deleted).toBe(1)
    expect(count(lib, 'SELECT count(*) FROM workflow_videos WHERE video_id = ?', ids[0])).toBe(0)
    expect(count(lib, 'SELECT count(*) FROM video_generation')).toBe(0)
    expect(await findsPrompt()).toEqual([])
    const trashed = await call<ChannelOutput<'workflows:get'>>(lib, 'workflows:get', { id: 'wf' })
    expect(trashed.media.map((m) => m.asset.id)).toEqual([ids[1]])

    const undone = await call<UndoResult>(lib, 'trash:undo', { batchId: deleted.batchId })
    expect(undone.restored).toEqual([ids[0]])
    const back = await call<ChannelOutput<'generation:get'>>(lib, 'generation:get', { id: ids[0] })
    expect(back.generation).toMatchObject({ prompt: 'a lighthouse at dusk', seed: '18446744073709551615' })
    expect(back.workflows).toEqual([
      {
        workflowId: 'wf',
        name: 'Sunsets',
        format: 'native',
        nodeId: '9',
        nodeType: null,
        role: 'output',
        executionId: 'run',
        executionStatus: 'running',
      },
    ])
    expect(await findsPrompt()).toEqual([ids[0]])

    const again = await call<DeleteResult>(lib, 'media:delete', { ids: [ids[0]] })
    await call(lib, 'trash:empty', { batchId: again.batchId })
    expect(count(lib, 'SELECT count(*) FROM workflow_videos WHERE video_id = ?', ids[0])).toBe(0)
    expect(count(lib, 'SELECT count(*) FROM video_generation')).toBe(0)
    expect(count(lib, 'SELECT count(*) FROM trash_entries WHERE asset_id = ?', ids[0])).toBe(0)
    expect(await findsPrompt()).toEqual([])
    expect(count(lib, 'SELECT count(*) FROM workflow_videos')).toBe(1)
  })

  it('undo after the workflow was deleted puts the asset and its prompt back without the association', async () => {
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [inject('fixtures').mp4])
    const ids = items.map((item) => item.asset!.id)
    await workflowWithOutputs(lib, ids)
    const deleted = await call<DeleteResult>(lib, 'media:delete', { ids })
    await call(lib, 'workflows:delete', { id: 'wf' })
    const undone = await call<UndoResult>(lib, 'trash:undo', { batchId: deleted.batchId })
    expect(undone).toMatchObject({ restored: ids, droppedLinks: 1 })
    expect(count(lib, 'SELECT count(*) FROM workflow_videos')).toBe(0)
    expect(await listAll(lib, { query: 'lighthouse' })).toEqual(ids)
  })
})
