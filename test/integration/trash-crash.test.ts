import { appendFileSync, copyFileSync, existsSync, linkSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import Database from 'better-sqlite3'
import { describe, expect, inject, it } from 'vitest'
import type { DeleteResult, UndoResult } from '../../shared/contract'
import { openLibrary } from '../../main/app/open-library'
import { call } from '../helpers/browse'
import { cli } from '../helpers/cli'
import { importAndWait, sha256Of } from '../helpers/ingest'
import { tempDir } from '../helpers/temp-dir'
import { expectDiskAgreesWithDatabase, filesBelow } from '../helpers/trash'

const fixtures = inject('fixtures')
const STILLS = 8
const KILL_HOOK = 'FRAMEVAULT_TEST_KILL_AFTER_TRASH_MOVES'

/** A library of distinct copied stills (tagged) and a linked PNG; its assets' ids and file hashes. */
async function makeLibrary(): Promise<{ dir: string; assets: Map<string, string> }> {
  const sources = tempDir()
  const files = Array.from({ length: STILLS }, (_, index) => {
    const file = path.join(sources, `still-${index}.jpg`)
    copyFileSync(fixtures.jpg, file)
    // Decoders ignore bytes after the JPEG's end: distinct content, same picture.
    appendFileSync(file, `tail ${index}`)
    return file
  })
  const dir = tempDir()
  const lib = openLibrary(dir)
  try {
    const copied = await importAndWait(lib, files)
    const linked = await importAndWait(lib, [fixtures.png], true)
    const ids = [...copied.items, ...linked.items].map((item) => item.asset!.id)
    await call(lib, 'media:tag', { ids: ids.slice(0, 4), tags: ['kept'] })
    const assets = new Map<string, string>()
    for (const id of ids) assets.set(id, (await lib.catalog.repos.media.get(id))!.fileHash!)
    return { dir, assets }
  } finally {
    await lib.close()
  }
}

/** Batch states as a plain connection sees them (before any open finishes them). */
function batchStates(dir: string): Array<{ id: string; state: string }> {
  const db = new Database(path.join(dir, 'library.db'), { readonly: true })
  try {
    return db
      .prepare<[], { id: string; state: string }>('SELECT id, state FROM trash_batches ORDER BY created_at')
      .all()
  } finally {
    db.close()
  }
}

/** The copied files a killed delete journalled, in order: asset id, library key and trash key. */
function journalled(dir: string): Array<{ assetId: string; library: string; trash: string }> {
  const db = new Database(path.join(dir, 'library.db'), { readonly: true })
  try {
    return db
      .prepare<[], { assetId: string; trash: string }>(
        'SELECT asset_id AS assetId, trash_path AS trash FROM trash_entries WHERE trash_path IS NOT NULL ORDER BY rowid',
      )
      .all()
      .map((entry) => ({ ...entry, library: entry.trash.split('/').slice(2).join('/') }))
  } finally {
    db.close()
  }
}

/** Opens the library (which finishes what a kill cut short) and closes it again. */
async function reopen(dir: string): Promise<void> {
  await openLibrary(dir).close()
}

function tagged(dir: string): string[] {
  const db = new Database(path.join(dir, 'library.db'), { readonly: true })
  try {
    return db
      .prepare<[], string>(
        "SELECT asset_id FROM asset_tags JOIN tags ON tags.id = tag_id WHERE tags.name = 'kept' ORDER BY asset_id",
      )
      .pluck()
      .all()
  } finally {
    db.close()
  }
}

describe('a delete killed part way', () => {
  // 8 stills (file + poster each) and the linked PNG's poster: 17 moves; at 17 the kill comes
  // after the last move, before the batch is marked 'trashed'.
  it.each([0, 1, 2, 7, 12, 16, 17])(
    'killed before move %i: DB and disk agree after the next open, and undo brings everything back',
    async (killAt) => {
      const { dir, assets } = await makeLibrary()
      const ids = [...assets.keys()]
      const tags = tagged(dir)
      const killed = await cli(['rm', '--yes', ...ids, '--library', dir], { env: { [KILL_HOOK]: String(killAt) } })
      expect(killed.stdout).toBe('')
      expect(killed.code).not.toBe(0)
      const [batch] = batchStates(dir)
      expect(batch!.state).toBe('moving')

      await reopen(dir)
      expect(expectDiskAgreesWithDatabase(dir)).toEqual([])
      expect(batchStates(dir)).toEqual([{ id: batch!.id, state: 'trashed' }])
      expect(sha256Of(fixtures.png)).toBe(assets.get(ids.at(-1)!))

      const undone = await cli(['undo', batch!.id, '--library', dir])
      expect(undone.code, undone.stderr).toBe(0)
      expect((JSON.parse(undone.stdout) as UndoResult).restored.sort()).toEqual([...ids].sort())
      expect(expectDiskAgreesWithDatabase(dir).sort()).toEqual([...ids].sort())
      expect(tagged(dir)).toEqual(tags)
      const db = new Database(path.join(dir, 'library.db'), { readonly: true })
      try {
        const hashes = db.prepare<[], [string, string]>('SELECT id, file_hash FROM videos').raw().all()
        expect(new Map(hashes)).toEqual(assets)
      } finally {
        db.close()
      }
    },
    60_000,
  )

  it("a delete killed between an object's copy into the trash and the removal of its library key is finished", async () => {
    const { dir, assets } = await makeLibrary()
    const ids = [...assets.keys()]
    const killed = await cli(['rm', '--yes', ...ids, '--library', dir], { env: { [KILL_HOOK]: '0' } })
    expect(killed.code).not.toBe(0)
    // The first copy's object under both keys, as the store's copy leaves it before the delete of the first.
    const [first] = journalled(dir)
    mkdirSync(path.dirname(path.join(dir, first!.trash)), { recursive: true })
    linkSync(path.join(dir, first!.library), path.join(dir, first!.trash))

    await reopen(dir)
    expect(expectDiskAgreesWithDatabase(dir)).toEqual([])
    expect(existsSync(path.join(dir, first!.library))).toBe(false)
    const undone = await cli(['undo', batchStates(dir)[0]!.id, '--library', dir])
    expect((JSON.parse(undone.stdout) as UndoResult).restored.sort()).toEqual([...ids].sort())
    expect(expectDiskAgreesWithDatabase(dir).sort()).toEqual([...ids].sort())
  })

  it('a file imported again before a killed delete is finished keeps its object; the trash keeps a copy', async () => {
    const { dir, assets } = await makeLibrary()
    const ids = [...assets.keys()]
    await cli(['rm', '--yes', ...ids, '--library', dir], { env: { [KILL_HOOK]: '0' } })
    const [first] = journalled(dir)
    // The same file imported again: a row with its id and key, whose object is still under its library key.
    const db = new Database(path.join(dir, 'library.db'))
    db.prepare(
      `INSERT INTO videos (id, name, file_path, file_hash, storage, object_key)
       SELECT json_extract(asset_row, '$.id'), json_extract(asset_row, '$.name'), json_extract(asset_row, '$.file_path'),
              json_extract(asset_row, '$.file_hash'), 'copy', json_extract(asset_row, '$.object_key')
       FROM trash_entries WHERE asset_id = ?`,
    ).run(first!.assetId)
    db.close()

    await reopen(dir)
    expect(expectDiskAgreesWithDatabase(dir)).toEqual([first!.assetId])
    expect(sha256Of(path.join(dir, first!.trash))).toBe(assets.get(first!.assetId))
    const undone = await cli(['undo', batchStates(dir)[0]!.id, '--library', dir])
    const result = JSON.parse(undone.stdout) as UndoResult
    expect(result.kept).toEqual([{ id: first!.assetId, reason: expect.stringContaining('added since') }])
    expect(expectDiskAgreesWithDatabase(dir).sort()).toEqual([...ids].sort())
  })

  it('an undo killed part way is finished by the next open', async () => {
    const { dir, assets } = await makeLibrary()
    const ids = [...assets.keys()]
    const deleted = await cli(['rm', '--yes', ...ids, '--library', dir])
    const { batchId } = JSON.parse(deleted.stdout) as DeleteResult
    const killed = await cli(['undo', batchId, '--library', dir], { env: { [KILL_HOOK]: '5' } })
    expect(killed.stdout).toBe('')
    expect(batchStates(dir)).toEqual([{ id: batchId, state: 'restoring' }])

    await reopen(dir)
    expect(batchStates(dir)).toEqual([{ id: batchId, state: 'restored' }])
    expect(expectDiskAgreesWithDatabase(dir).sort()).toEqual([...ids].sort())
    expect(filesBelow(path.join(dir, 'trash'))).toEqual([])
  })

  it('an emptying whose process died is finished by the next open', async () => {
    const { dir, assets } = await makeLibrary()
    const deleted = await cli(['rm', '--yes', ...assets.keys(), '--library', dir])
    const { batchId } = JSON.parse(deleted.stdout) as DeleteResult
    expect(filesBelow(path.join(dir, 'trash')).length).toBeGreaterThan(0)
    // A process that has exited: its pid owns the batch as a killed `empty-trash` would.
    const gone = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']))
    const db = new Database(path.join(dir, 'library.db'))
    db.prepare("UPDATE trash_batches SET state = 'emptying', owner_pid = ?, owner_started = NULL").run(gone)
    db.close()

    await reopen(dir)
    expect(batchStates(dir)).toEqual([{ id: batchId, state: 'emptied' }])
    expect(filesBelow(path.join(dir, 'trash'))).toEqual([])
    expect(expectDiskAgreesWithDatabase(dir)).toEqual([])
  })
})
