import { existsSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import type {
  DeletePreview,
  DeleteResult,
  EventMessage,
  StoredLibraryInfo,
  TrashBatch,
  UndoResult,
} from '../../shared/contract'
import { dispatch } from '../../main/dispatch'
import type { LocalLibrary } from '../../main/services/library-context'
import { thumbnailPaths } from '../../main/library/library-paths'
import { call } from '../helpers/browse'
import { importAndWait, sha256Of } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'
import { expectDiskAgreesWithDatabase, filesBelow } from '../helpers/trash'

const fixtures = inject('fixtures')

/** A library holding a copied clip (tagged), a copied still and a linked PNG; their ids. */
async function library(dir?: string): Promise<{ lib: LocalLibrary; clip: string; still: string; linked: string }> {
  const lib = testLibrary(dir)
  const copied = await importAndWait(lib, [fixtures.mp4, fixtures.jpg])
  const linked = await importAndWait(lib, [fixtures.png], true)
  const idOf = (items: typeof copied.items, file: string) => items.find((item) => item.path === file)!.asset!.id
  const clip = idOf(copied.items, fixtures.mp4)
  await call(lib, 'media:tag', { ids: [clip], tags: ['Beach', 'Night'] })
  return { lib, clip, still: idOf(copied.items, fixtures.jpg), linked: idOf(linked.items, fixtures.png) }
}

const row = (lib: LocalLibrary, id: string) => lib.sqlite.db.prepare('SELECT * FROM videos WHERE id = ?').get(id)
const tagsOf = (lib: LocalLibrary, id: string) => lib.catalog.repos.organise.tagsOf(id)
const searchIds = async (lib: LocalLibrary, query: string) =>
  (await call<{ items: { id: string }[] }>(lib, 'media:list', { query })).items.map((item) => item.id)

async function failure(lib: LocalLibrary, channel: string, input: unknown) {
  const answer = await dispatch(lib, channel, input)
  if (answer.ok) throw new Error(`${channel} succeeded`)
  return answer.error
}

describe('deleting a copied asset', () => {
  it('moves its file and thumbnails to the trash and removes its rows; undo brings back the same file, id and tags', async () => {
    const { lib, clip } = await library()
    const before = {
      row: row(lib, clip),
      file: (await lib.catalog.repos.media.get(clip))!.filePath,
      tags: await tagsOf(lib, clip),
    }
    const hash = sha256Of(before.file)
    const thumbs = Object.values(thumbnailPaths(lib.dir, clip)).filter((file) => existsSync(file))
    expect(thumbs.length).toBeGreaterThan(0)
    const thumbBytes = thumbs.reduce((sum, file) => sum + statSync(file).size, 0)
    const events: EventMessage[] = []
    lib.events.subscribe((event) => events.push(event))

    const done = await call<DeleteResult>(lib, 'media:delete', { ids: [clip] })
    expect(done).toMatchObject({
      deleted: 1,
      copied: {
        count: 1,
        bytes: statSync(path.join(lib.dir, 'trash', done.batchId, path.relative(lib.dir, before.file))).size,
      },
      linked: { count: 0, originalsLeftInPlace: 0 },
      thumbnails: { count: thumbs.length, bytes: thumbBytes },
      missingFiles: [],
      filesKept: [],
      failed: [],
      notFound: [],
    })
    expect(row(lib, clip)).toBeUndefined()
    expect(lib.sqlite.db.prepare('SELECT count(*) AS n FROM asset_tags WHERE asset_id = ?').get(clip)).toEqual({ n: 0 })
    expect(await searchIds(lib, 'beach')).toEqual([])
    expect(existsSync(before.file)).toBe(false)
    for (const thumb of thumbs) expect(existsSync(thumb)).toBe(false)
    const trashed = filesBelow(path.join(lib.dir, 'trash', done.batchId))
    expect(trashed.map((file) => path.relative(path.join(lib.dir, 'trash', done.batchId), file)).sort()).toEqual(
      [before.file, ...thumbs].map((file) => path.relative(lib.dir, file)).sort(),
    )
    lib.changes.flush()
    expect(events).toContainEqual({
      name: 'library:changed',
      payload: {
        tables: expect.arrayContaining(['videos', 'asset_tags', 'trash_batches']),
        topics: expect.arrayContaining(['assets', 'tags', 'trash']),
        seq: expect.any(Number),
      },
    })
    const { batches, bytes } = await call<{ batches: TrashBatch[]; bytes: number }>(lib, 'trash:list', {})
    expect(batches).toEqual([
      expect.objectContaining({
        id: done.batchId,
        state: 'trashed',
        assets: 1,
        copied: 1,
        linked: 0,
        names: ['clip.mp4'],
      }),
    ])
    expect(bytes).toBe(done.copied.bytes + thumbBytes)
    const info = await call<StoredLibraryInfo>(lib, 'library:info', {})
    expect(info.bytesOnDisk.trash).toBe(bytes)

    const undone = await call<UndoResult>(lib, 'trash:undo', { batchId: done.batchId })
    expect(undone).toEqual({
      batchId: done.batchId,
      restored: [clip],
      files: 1,
      droppedLinks: 0,
      kept: [],
      state: 'restored',
    })
    expect(row(lib, clip)).toEqual(before.row)
    expect(sha256Of(before.file)).toBe(hash)
    expect(await tagsOf(lib, clip)).toEqual(before.tags)
    expect(await searchIds(lib, 'beach')).toEqual([clip])
    for (const thumb of thumbs) expect(existsSync(thumb)).toBe(true)
    expect(existsSync(path.join(lib.dir, 'trash', done.batchId))).toBe(false)
    expect((await call<{ batches: TrashBatch[] }>(lib, 'trash:list', {})).batches).toEqual([])
    expectDiskAgreesWithDatabase(lib.dir)
  })

  it('empties the trash for good; undo after that is a typed conflict', async () => {
    const { lib, clip, still } = await library()
    const file = (await lib.catalog.repos.media.get(clip))!.filePath
    const first = await call<DeleteResult>(lib, 'media:delete', { ids: [clip] })
    const second = await call<DeleteResult>(lib, 'media:delete', { ids: [still] })
    const listed = await call<{ batches: TrashBatch[] }>(lib, 'trash:list', {})
    expect(listed.batches.map((batch) => batch.id)).toEqual([second.batchId, first.batchId])

    const emptied = await call<{ emptied: string[]; assets: number; bytes: number }>(lib, 'trash:empty', {
      batchId: first.batchId,
    })
    expect(emptied).toMatchObject({ emptied: [first.batchId], assets: 1 })
    expect(existsSync(path.join(lib.dir, 'trash', first.batchId))).toBe(false)
    expect(existsSync(file)).toBe(false)
    expect(filesBelow(path.join(lib.dir, 'trash', second.batchId)).length).toBeGreaterThan(0)
    const error = await failure(lib, 'trash:undo', { batchId: first.batchId })
    expect(error).toMatchObject({ code: 'conflict', details: { state: 'emptied' } })
    expect(error.message).toContain('gone for good')
    expect(row(lib, clip)).toBeUndefined()

    expect(await call(lib, 'trash:empty', {})).toMatchObject({ emptied: [second.batchId], assets: 1 })
    expect(filesBelow(path.join(lib.dir, 'trash'))).toEqual([])
    expect(await call(lib, 'trash:list', {})).toEqual({ batches: [], bytes: 0 })
    expect(await failure(lib, 'trash:undo', { batchId: '6f1b7f0e-0000-4000-8000-000000000000' })).toMatchObject({
      code: 'not_found',
    })
    expectDiskAgreesWithDatabase(lib.dir)
  })
  it('leaves a batch undoable when an undo fails part way (a file where its folder was)', async () => {
    const { lib, clip } = await library()
    const file = (await lib.catalog.repos.media.get(clip))!.filePath
    const done = await call<DeleteResult>(lib, 'media:delete', { ids: [clip] })
    rmSync(path.dirname(file), { recursive: true })
    writeFileSync(path.dirname(file), 'in the way')

    expect(await failure(lib, 'trash:undo', { batchId: done.batchId })).toMatchObject({ code: 'io' })
    expect(row(lib, clip)).toBeUndefined()
    expect((await lib.catalog.repos.trash.batch(done.batchId))!.state).toBe('trashed')
    rmSync(path.dirname(file))
    expect(await call(lib, 'trash:undo', { batchId: done.batchId })).toMatchObject({
      restored: [clip],
      state: 'restored',
    })
    expect(sha256Of(file)).toBe((await lib.catalog.repos.media.get(clip))!.fileHash)
  })
})

describe('deleting an asset whose file is already gone', () => {
  it('removes its rows, says so, and an undo puts the rows back as they were', async () => {
    const { lib, still } = await library()
    const file = (await lib.catalog.repos.media.get(still))!.filePath
    const before = row(lib, still)
    rmSync(file)
    const done = await call<DeleteResult>(lib, 'media:delete', { ids: [still] })
    expect(done).toMatchObject({ deleted: 1, missingFiles: [still], copied: { count: 0, bytes: 0 } })
    const { batches, bytes } = await call<{ batches: TrashBatch[]; bytes: number }>(lib, 'trash:list', {})
    expect(bytes).toBe(done.thumbnails.bytes)
    expect(batches[0]).toMatchObject({ bytes: done.thumbnails.bytes })
    expect(await call(lib, 'trash:undo', { batchId: done.batchId })).toMatchObject({ restored: [still], files: 0 })
    expect(row(lib, still)).toEqual(before)
  })
})

describe('deleting a linked asset', () => {
  it('never touches its original, through delete, undo and empty-trash', async () => {
    const { lib, linked } = await library()
    const original = readFileSync(fixtures.png)
    const preview = await call<DeletePreview>(lib, 'media:delete-preview', { ids: [linked] })
    expect(preview).toMatchObject({
      assets: 1,
      copied: { count: 0, bytes: 0 },
      linked: { count: 1, bytes: original.length },
    })

    const done = await call<DeleteResult>(lib, 'media:delete', { ids: [linked] })
    expect(done).toMatchObject({
      deleted: 1,
      copied: { count: 0, bytes: 0 },
      linked: { count: 1, originalsLeftInPlace: 1 },
    })
    expect(readFileSync(fixtures.png).equals(original)).toBe(true)
    expect(row(lib, linked)).toBeUndefined()
    await call(lib, 'trash:undo', { batchId: done.batchId })
    expect((await lib.catalog.repos.media.get(linked))!.filePath).toBe(fixtures.png)

    const again = await call<DeleteResult>(lib, 'media:delete', { ids: [linked] })
    await call(lib, 'trash:empty', {})
    expect(readFileSync(fixtures.png).equals(original)).toBe(true)
    expect(await failure(lib, 'trash:undo', { batchId: again.batchId })).toMatchObject({ code: 'conflict' })
  })
})

describe('what a delete reports', () => {
  it('previews without changing anything, and reports ids it did not find', async () => {
    const { lib, clip, still, linked } = await library()
    const ids = [clip, 'nosuchasset', still, linked]
    const preview = await call<DeletePreview>(lib, 'media:delete-preview', { ids })
    const size = async (id: string) => (await lib.catalog.repos.media.get(id))!.sizeBytes!
    expect(preview).toMatchObject({
      assets: 3,
      copied: { count: 2, bytes: (await size(clip)) + (await size(still)) },
      linked: { count: 1, bytes: await size(linked) },
      notFound: ['nosuchasset'],
    })
    expect(preview.items.map((item) => item.id)).toEqual([clip, still, linked])
    expect(row(lib, clip)).toBeDefined()

    const done = await call<DeleteResult>(lib, 'media:delete', { ids })
    expect(done).toMatchObject({
      deleted: 3,
      notFound: ['nosuchasset'],
      copied: { count: 2, bytes: preview.copied.bytes },
    })
    expect(await failure(lib, 'media:delete', { ids: ['nosuchasset'] })).toMatchObject({ code: 'not_found' })
    expectDiskAgreesWithDatabase(lib.dir)
  })

  it('keeps a file that another row still uses, and an undo keeps an asset whose id was taken again', async () => {
    // Opened through a symlink, the library records copies under the link's path; another
    // tool's row may name the same file by its real path: two rows, one file.
    const real = tempDir()
    const through = path.join(tempDir(), 'library')
    symlinkSync(real, through)
    const { lib, clip, still } = await library(through)
    const file = (await lib.catalog.repos.media.get(clip))!.filePath
    expect(file.startsWith(through)).toBe(true)
    lib.sqlite.db
      .prepare("INSERT INTO videos (id, name, file_path, storage) VALUES ('other', 'other', ?, 'link')")
      .run(realpathSync(file))
    const done = await call<DeleteResult>(lib, 'media:delete', { ids: [clip, still] })
    expect(done.filesKept).toEqual([{ id: clip, reason: 'another asset uses this file' }])
    expect(done.copied.count).toBe(1)
    expect(existsSync(file)).toBe(true)

    const stillFile = path.join(lib.dir, 'media', 'images', still.slice(0, 2))
    await importAndWait(lib, [fixtures.jpg])
    expect(filesBelow(stillFile).length).toBe(1)
    const undone = await call<UndoResult>(lib, 'trash:undo', { batchId: done.batchId })
    expect(undone).toMatchObject({
      restored: [clip],
      kept: [{ id: still, reason: expect.stringContaining('added since') }],
      state: 'trashed',
    })
    expect((await lib.catalog.repos.media.get(clip))!.filePath).toBe(file)
    const [left] = (await call<{ batches: TrashBatch[] }>(lib, 'trash:list', {})).batches
    expect(left).toMatchObject({ id: done.batchId, assets: 1, names: ['image.jpg'] })
    await call(lib, 'trash:empty', { batchId: done.batchId })
    expect(sha256Of((await lib.catalog.repos.media.get(still))!.filePath)).toBe(sha256Of(fixtures.jpg))
  })
})
