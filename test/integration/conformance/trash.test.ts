import { existsSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createCatalog } from '../../../main/db/catalog'
import type { TrashEntry } from '../../../main/db/repos/trash'
import { rowBatches } from '../../../main/db/sql/row-batches'
import { UniqueViolation, type SqlEngine } from '../../../main/db/sql/sql-engine'
import { valuesRows } from '../../../main/db/sql/values-rows'
import { folderObjectStore } from '../../../main/storage/folder-object-store'
import { deleteAssets, emptyTrash, listTrash, previewDelete, undoDelete } from '../../../main/services/trash/trash'
import { JOURNAL_CHUNK, journalChunk } from '../../../main/services/trash/trash-journal'
import { finishInterruptedBatches } from '../../../main/services/trash/trash-moves'
import { ENGINES, freshEngine, insertAssets } from '../../helpers/sql-engines'
import { tempDir } from '../../helpers/temp-dir'

const at = '2026-11-25T10:00:00.000Z'
const earlier = '2026-11-24T10:00:00.000Z'
// Above any Linux pid_max: no process has it, so a batch it owns is one a killed process left.
const GONE_PID = 4_194_311

/** `sql` with a count of the statements sent through it and its transactions. */
function counting(sql: SqlEngine): { sql: SqlEngine; statements: () => number } {
  let statements = 0
  const wrap = (engine: SqlEngine): SqlEngine => ({
    dialect: engine.dialect,
    all: (text, params) => (statements++, engine.all(text, params)),
    get: (text, params) => (statements++, engine.get(text, params)),
    run: (text, params) => (statements++, engine.run(text, params)),
    transaction: (work, options) => engine.transaction((tx) => work(wrap(tx)), options),
  })
  return { sql: wrap(sql), statements: () => statements }
}

/** A journal entry of a copied (or linked) asset in `batchId`, holding `bytes`. */
const entry = (batchId: string, assetId: string, bytes: number, storage: 'copy' | 'link' = 'copy'): TrashEntry => ({
  batchId,
  assetId,
  name: `${assetId}.mp4`,
  storage,
  snapshot: { row: { id: assetId, name: `${assetId}.mp4` }, dependents: { asset_tags: [] } },
  libraryPath: `/library/media/videos/${assetId}.mp4`,
  trashPath: storage === 'copy' ? `trash/${batchId}/media/videos/${assetId}.mp4` : null,
  thumbnails: [
    { from: `derived/thumbs/${assetId}.jpg`, to: `trash/${batchId}/derived/thumbs/${assetId}.jpg`, bytes: 10 },
  ],
  bytes,
})

// Issue 34: the trash's journal and the asset rows it moves out of `videos` and back, the same on a library's SQLite
// and a hub's PostgreSQL.
describe.each(ENGINES)('the trash on %s', (dialect) => {
  const catalogWith = async (ids: readonly string[]) => {
    const sql = await freshEngine(dialect)
    await insertAssets(sql, ids)
    return { sql, catalog: createCatalog(sql) }
  }
  const videoRow = (sql: SqlEngine, id: string) => sql.get('SELECT * FROM videos WHERE id = ?', [id])
  // The dependent tables both engines have (a library also has stacks', screen text's and subtitles').
  const shared = (dependents: Record<string, unknown[]>) => ({
    asset_tags: dependents.asset_tags,
    collection_items: dependents.collection_items,
    video_generation: dependents.video_generation,
    workflow_videos: dependents.workflow_videos,
  })

  it('snapshots assets with their dependent rows, removes them, and puts them back without a gone parent', async () => {
    const { sql, catalog } = await catalogWith(['a1', 'a2', 'a3'])
    const { trash, collections, organise } = catalog.repos
    const beach = (await organise.ensureTag('Beach')).id
    await organise.link(beach, ['a1', 'a2'])
    const picks = await collections.create('Picks', at)
    await collections.add(picks.id, ['a1', 'a2'], at)
    await sql.run('INSERT INTO video_generation (video_id, prompt, seed, created_at) VALUES (?, ?, ?, ?)', [
      'a1',
      'a beach at night',
      '18446744073709551615',
      at,
    ])
    const before = { a1: await videoRow(sql, 'a1'), a2: await videoRow(sql, 'a2') }

    const snapshots = await trash.assets.snapshot(['a2', 'zz', 'a1', 'a2'])
    expect(snapshots.map((snapshot) => snapshot.row.id)).toEqual(['a2', 'a1'])
    expect(snapshots[1]!.row).toMatchObject({
      id: 'a1',
      name: 'a1.mp4',
      file_path: '/library/media/videos/a1.mp4',
      source_type: 'generated',
      status: 1,
      rating: 0,
      storage: 'copy',
      size_bytes: null,
      object_key: null,
    })
    expect(shared(snapshots[1]!.dependents)).toEqual({
      asset_tags: [{ asset_id: 'a1', tag_id: beach }],
      collection_items: [{ collection_id: picks.id, video_id: 'a1', added_at: at }],
      video_generation: [
        expect.objectContaining({ video_id: 'a1', prompt: 'a beach at night', seed: '18446744073709551615' }),
      ],
      workflow_videos: [],
    })
    expect(shared(snapshots[0]!.dependents)).toMatchObject({ asset_tags: [{ asset_id: 'a2' }], video_generation: [] })

    await trash.assets.remove(['a1', 'a2'])
    expect(await sql.all('SELECT id FROM videos')).toEqual([{ id: 'a3' }])
    expect(await sql.all('SELECT asset_id FROM asset_tags')).toEqual([])
    expect(await trash.assets.taken('a1', '/library/media/videos/a1.mp4')).toBeUndefined()
    expect(await trash.assets.taken('a3', '/elsewhere.mp4')).toBe('id')
    expect(await trash.assets.taken('new', '/library/media/videos/a3.mp4')).toBe('path')
    const paths = ['/library/media/videos/a3.mp4', '/library/media/videos/a1.mp4']
    expect(await trash.assets.otherUsers(paths, ['a1'])).toEqual(new Set(['/library/media/videos/a3.mp4']))
    expect(await trash.assets.otherUsers(paths, ['a3'])).toEqual(new Set())

    // The collection is gone meanwhile: each asset comes back without its membership, said as one dropped row.
    await collections.delete(picks.id)
    expect(await trash.assets.restore(snapshots[1]!)).toBe(1)
    expect(await trash.assets.restore(snapshots[0]!)).toBe(1)
    expect(await videoRow(sql, 'a1')).toEqual(before.a1)
    expect(await videoRow(sql, 'a2')).toEqual(before.a2)
    expect(await organise.tagsOf('a1')).toEqual(['Beach'])
    expect(await sql.get('SELECT prompt FROM video_generation WHERE video_id = ?', ['a1'])).toEqual({
      prompt: 'a beach at night',
    })
    await expect(trash.assets.restore(snapshots[1]!)).rejects.toBeInstanceOf(UniqueViolation)
  })

  it('names delete candidates in the order given', async () => {
    const { sql, catalog } = await catalogWith(['a1', 'a2'])
    await sql.run("UPDATE videos SET size_bytes = 2048, storage = 'link' WHERE id = 'a2'")
    expect(await catalog.repos.trash.candidates(['a2', 'zz', 'a1', 'a2'])).toEqual([
      { id: 'a2', name: 'a2.mp4', storage: 'link', sizeBytes: 2048, filePath: '/library/media/videos/a2.mp4' },
      { id: 'a1', name: 'a1.mp4', storage: 'copy', sizeBytes: null, filePath: '/library/media/videos/a1.mp4' },
      { id: 'a2', name: 'a2.mp4', storage: 'link', sizeBytes: 2048, filePath: '/library/media/videos/a2.mp4' },
    ])
  })

  it('journals batches and entries in the order written, moves states, claims, lists and sums', async () => {
    const { catalog } = await catalogWith([])
    const { trash } = catalog.repos
    const owner = { pid: 4242, started: '1234' }
    await trash.addToBatch({ id: 'b1', createdAt: at, deletedBy: 'ana', assets: 2 }, owner)
    await trash.addToBatch({ id: 'b1', createdAt: '2026-11-26T00:00:00.000Z', deletedBy: 'ana', assets: 2 }, owner)
    // Two batches of one instant: they list in the order they were written, not by id.
    await trash.addToBatch(
      { id: 'b9', createdAt: earlier, deletedBy: 'bo', assets: 0 },
      { pid: GONE_PID, started: null },
    )
    await trash.addToBatch({ id: 'b5', createdAt: earlier, deletedBy: 'bo', assets: 0 }, owner)
    expect(await trash.batch('b1')).toEqual({
      id: 'b1',
      createdAt: at,
      state: 'moving',
      deletedBy: 'ana',
      assets: 4,
      ownerPid: 4242,
      ownerStarted: '1234',
      finishedAt: null,
    })
    expect(await trash.batch('nope')).toBeUndefined()

    const written = [
      entry('b1', 'z9', 100),
      entry('b1', 'a1', 50),
      entry('b1', 'm5', 30, 'link'),
      entry('b1', 'c4', 20),
    ]
    await trash.addEntries(written)
    await expect(trash.addEntries([entry('b1', 'a1', 1)])).rejects.toBeInstanceOf(UniqueViolation)
    expect(await trash.entries('b1')).toEqual(written)
    await trash.fileWasMissing('b1', 'z9', 90)
    await trash.fileWasMissing('b1', 'a1', 80)
    expect((await trash.entries('b1')).slice(0, 2)).toEqual([
      { ...written[0], trashPath: null, bytes: 10 },
      { ...written[1], trashPath: null, bytes: 0 },
    ])
    expect(await trash.bytes()).toBe(60)

    expect((await trash.unfinished()).map((batch) => batch.id)).toEqual(['b9', 'b5', 'b1'])
    expect(await trash.setState('b1', ['trashed'], 'restoring', null)).toBe(false)
    expect(await trash.setState('b1', ['moving', 'restoring'], 'trashed', null)).toBe(true)
    expect(await trash.batch('b1')).toMatchObject({ state: 'trashed', ownerPid: null, ownerStarted: null })
    expect(await trash.inState('moving')).toEqual(['b9', 'b5'])
    expect(await trash.inState('trashed')).toEqual(['b1'])

    const gone = (await trash.batch('b9'))!
    expect(await trash.claim(gone, owner)).toBe(true)
    expect(await trash.claim(gone, { pid: 1, started: null })).toBe(false)
    expect(await trash.batch('b9')).toMatchObject({ state: 'moving', ownerPid: 4242, ownerStarted: '1234' })
    expect(await trash.setState('b9', ['moving'], 'emptied', null, at)).toBe(true)
    expect(await trash.batch('b9')).toMatchObject({ state: 'emptied', finishedAt: at })

    expect(await trash.list(10)).toEqual([
      {
        id: 'b1',
        createdAt: at,
        state: 'trashed',
        deletedBy: 'ana',
        assets: 4,
        copied: 3,
        linked: 1,
        bytes: 60,
        names: ['z9.mp4', 'a1.mp4', 'm5.mp4'],
      },
      {
        id: 'b5',
        createdAt: earlier,
        state: 'moving',
        deletedBy: 'bo',
        assets: 0,
        copied: 0,
        linked: 0,
        bytes: 0,
        names: [],
      },
    ])
    expect((await trash.list(1)).map((batch) => batch.id)).toEqual(['b1'])

    await trash.removeEntries('b1', ['a1', 'zz', 'z9'])
    expect((await trash.entries('b1')).map((kept) => kept.assetId)).toEqual(['m5', 'c4'])
    expect(await trash.bytes()).toBe(50)
    expect(await trash.entries('b9')).toEqual([])
  })

  /** A library-like folder on this engine: assets `ids` copied into its store (with a tag), and the services' view. */
  const folderLibrary = async (ids: readonly string[]) => {
    const root = tempDir()
    const { sql, catalog } = await catalogWith([])
    for (const batch of rowBatches(ids)) {
      const { values, params } = valuesRows(
        batch.map((id) => [id, `${id}.mp4`, path.join(root, 'media', id), 5, `media/${id}`, at]),
      )
      await sql.run(
        `INSERT INTO videos (id, name, file_path, size_bytes, object_key, created_at) VALUES ${values}`,
        params,
      )
    }
    mkdirSync(path.join(root, 'media'))
    for (const id of ids) writeFileSync(path.join(root, 'media', id), 'bytes')
    const files = new Map(
      ids.map((id) => [id, { filePath: path.join(root, 'media', id), storage: 'copy', objectKey: `media/${id}` }]),
    )
    const lib = {
      catalog,
      dir: root,
      realDir: realpathSync(root),
      store: folderObjectStore(root, realpathSync(root)),
      trashRecovered: Promise.resolve(),
      actor: 'ana',
      changes: { batch: <T>(work: () => Promise<T>) => work() },
      // The media repository is still the library's synchronous one: what the journal asks of it, from these rows.
      repos: { media: { fileOf: (id: string) => files.get(id) } },
    } as unknown as Parameters<typeof deleteAssets>[0]
    return { sql, catalog, root, lib }
  }

  it('deletes, lists, undoes and empties through the services, files and rows agreeing', async () => {
    const { sql, catalog, root, lib } = await folderLibrary(['c1', 'c2', 'c3'])
    const { organise } = catalog.repos
    await organise.link((await organise.ensureTag('Beach')).id, ['c1'])
    expect(await previewDelete(lib, ['c1', 'zz'])).toMatchObject({
      assets: 1,
      copied: { count: 1, bytes: 5 },
      notFound: ['zz'],
    })

    const done = await deleteAssets(lib, ['c1', 'c2', 'zz'])
    expect(done).toMatchObject({ deleted: 2, copied: { count: 2, bytes: 10 }, notFound: ['zz'], failed: [] })
    expect(existsSync(path.join(root, 'media', 'c1'))).toBe(false)
    expect(existsSync(path.join(root, 'trash', done.batchId, 'media', 'c1'))).toBe(true)
    expect(await sql.all('SELECT id FROM videos')).toEqual([{ id: 'c3' }])
    expect(await listTrash(lib, 10)).toEqual({
      batches: [
        expect.objectContaining({
          id: done.batchId,
          state: 'trashed',
          assets: 2,
          bytes: 10,
          names: ['c1.mp4', 'c2.mp4'],
        }),
      ],
      bytes: 10,
    })

    expect(await undoDelete(lib, done.batchId)).toEqual({
      batchId: done.batchId,
      restored: ['c1', 'c2'],
      files: 2,
      droppedLinks: 0,
      kept: [],
      state: 'restored',
    })
    expect(existsSync(path.join(root, 'media', 'c1'))).toBe(true)
    expect(await organise.tagsOf('c1')).toEqual(['Beach'])
    expect(await listTrash(lib, 10)).toEqual({ batches: [], bytes: 0 })
    await expect(undoDelete(lib, done.batchId)).rejects.toThrow('was already undone')

    const again = await deleteAssets(lib, ['c2'])
    expect(await emptyTrash(lib)).toEqual({ emptied: [again.batchId], assets: 1, bytes: 5 })
    expect(existsSync(path.join(root, 'trash', again.batchId))).toBe(false)
    expect(await sql.all('SELECT id FROM videos ORDER BY id')).toEqual([{ id: 'c1' }, { id: 'c3' }])
    await expect(undoDelete(lib, again.batchId)).rejects.toThrow('gone for good')
  })

  it(`journals a chunk of ${JOURNAL_CHUNK} assets in a few statements, not one per asset`, async () => {
    const ids = Array.from({ length: JOURNAL_CHUNK }, (_, index) => `asset-${String(index).padStart(4, '0')}`)
    const { sql, catalog, lib } = await folderLibrary(ids)
    await catalog.repos.organise.link((await catalog.repos.organise.ensureTag('Bulk')).id, ids)
    const counted = counting(sql)
    const ctx = { root: lib.dir, realRoot: lib.realDir, catalog: createCatalog(counted.sql), store: lib.store }
    const planned = await journalChunk({ ...lib, catalog: ctx.catalog }, ctx, 'bulk', ids, ids)
    expect(planned).toHaveLength(JOURNAL_CHUNK)
    expect(counted.statements()).toBeLessThan(30)
    expect(await sql.get('SELECT count(*) AS n FROM videos')).toEqual({ n: 0 })
    expect(await sql.get('SELECT count(*) AS n FROM asset_tags')).toEqual({ n: 0 })
    expect((await catalog.repos.trash.entries('bulk')).map((journalled) => journalled.assetId)).toEqual(ids)
  })

  it("finishes a delete whose process was killed, at the next open's recovery", async () => {
    const { sql, catalog, root, lib } = await folderLibrary(['c1'])
    const ctx = { root, realRoot: realpathSync(root), catalog, store: folderObjectStore(root, realpathSync(root)) }
    await journalChunk(lib, ctx, 'killed', ['c1'], ['c1'])
    await sql.run('UPDATE trash_batches SET owner_pid = ?', [GONE_PID])
    expect(await finishInterruptedBatches(ctx)).toEqual(['killed'])
    expect(await catalog.repos.trash.batch('killed')).toMatchObject({ state: 'trashed', ownerPid: null })
    expect(existsSync(path.join(root, 'trash', 'killed', 'media', 'c1'))).toBe(true)
    expect(existsSync(path.join(root, 'media', 'c1'))).toBe(false)
  })
})
