import { createHash } from 'node:crypto'
import Database from 'better-sqlite3'
import { mkdirSync, readFileSync, renameSync, symlinkSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import type { BackupResult, DeleteResult, RestoreResult } from '../../shared/contract'
import { openLibrary } from '../../main/app/open-library'
import { migrations } from '../../main/db/migrations/index'
import { openDatabase } from '../../main/db/open-database'
import type { LocalLibrary } from '../../main/services/library-context'
import { mediaKey, ownedFilePath } from '../../main/library/library-paths'
import { SAMPLE_COPY_SQL } from '../../main/library/owned-paths'
import { openMediaFile } from '../../main/services/assets/media-files'
import { call } from '../helpers/browse'
import { runHealthJob } from '../helpers/health'
import { importAndWait, itemFor, sha256Of } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

// Issue 33 point 2: a copied asset is read by its object key; its recorded path mirrors the key in the library folder
// for the original manager's code and the plugins, and follows the folder when it is moved.

const fx = inject('fixtures')

const rowOf = (lib: LocalLibrary, id: string) =>
  lib.sqlite.db.prepare('SELECT file_path, object_key, storage FROM videos WHERE id = ?').get(id) as {
    file_path: string
    object_key: string | null
    storage: string
  }

async function bytesServed(lib: LocalLibrary, id: string): Promise<Buffer> {
  const opened = await openMediaFile(lib, id)
  const chunks: Buffer[] = []
  for await (const chunk of opened.read()) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** A library with two copies, one linked file, a plugin's cached analysis and a processing row for the mp4, and the png in the trash. */
async function libraryToMove() {
  const lib = testLibrary(path.join(tempDir(), 'before'))
  const { items } = await importAndWait(lib, [fx.mp4, fx.png])
  const linked = await importAndWait(lib, [fx.jpg], true)
  const mp4 = itemFor(items, fx.mp4).asset!
  const png = itemFor(items, fx.png).asset!
  const jpg = itemFor(linked.items, fx.jpg).asset!
  const analysis = lib.sqlite.db
    .prepare(
      `INSERT INTO analysis_jobs (file_path, file_hash, config_hash, ranges, metadata, created_at)
       VALUES (?, 'h', 'c', '[]', '{}', 1)`,
    )
    .run(mp4.filePath).lastInsertRowid
  lib.sqlite.db
    .prepare(
      `INSERT INTO analysis_sources (analysis_id, source_database, source_row_id, source_file_path, copied_at)
       VALUES (?, '/plugins/cache.db', 7, '/footage/clip.mp4', 1)`,
    )
    .run(analysis)
  lib.sqlite.db
    .prepare(
      `INSERT INTO processing_jobs (job_id, action, input_path, input_hash, output_path, output_hash, created_at)
       VALUES ('p1', 'transcode', ?, 'i', ?, 'o', 1)`,
    )
    .run(mp4.filePath, jpg.filePath)
  const deleted = await call<DeleteResult>(lib, 'media:delete', { ids: [png.id] })
  await lib.close()
  return { dir: lib.dir, mp4, png, jpg, batchId: deleted.batchId! }
}

describe('owned object keys', () => {
  it('an import records a copy by its key, with the key’s file in the library folder as its path', async () => {
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [fx.mp4, fx.jpg])
    const mp4 = itemFor(items, fx.mp4).asset!
    const key = mediaKey('video', mp4.id, '.mp4')
    expect(rowOf(lib, mp4.id)).toEqual({ file_path: ownedFilePath(lib.dir, key), object_key: key, storage: 'copy' })
    const linked = await importAndWait(lib, [fx.png], true)
    expect(rowOf(lib, itemFor(linked.items, fx.png).asset!.id)).toMatchObject({ object_key: null, storage: 'link' })
  })

  it('a moved library finds its copies: paths, cached analyses, processing rows and the trash follow the folder', async () => {
    const { dir, mp4, png, jpg, batchId } = await libraryToMove()
    const moved = path.join(path.dirname(dir), 'after')
    renameSync(dir, moved)
    const lib = testLibrary(moved)
    const key = mediaKey('video', mp4.id, '.mp4')
    expect(rowOf(lib, mp4.id).file_path).toBe(ownedFilePath(moved, key))
    expect(rowOf(lib, jpg.id).file_path).toBe(jpg.filePath)
    expect((await bytesServed(lib, mp4.id)).equals(readFileSync(fx.mp4))).toBe(true)
    expect(lib.sqlite.db.prepare('SELECT file_path FROM analysis_jobs').pluck().all()).toEqual([
      ownedFilePath(moved, key),
    ])
    // The note of where the cached analysis came from survives the rewrite.
    expect(lib.sqlite.db.prepare('SELECT source_database FROM analysis_sources').pluck().all()).toEqual([
      '/plugins/cache.db',
    ])
    expect(lib.sqlite.db.prepare('SELECT input_path, output_path FROM processing_jobs').get()).toEqual({
      input_path: ownedFilePath(moved, key),
      output_path: jpg.filePath,
    })
    // An undo after the move puts the file and its row back in the new folder.
    await call(lib, 'trash:undo', { batchId })
    const pngKey = mediaKey('image', png.id, '.png')
    expect(rowOf(lib, png.id)).toMatchObject({ file_path: ownedFilePath(moved, pngKey), object_key: pngKey })
    expect((await bytesServed(lib, png.id)).equals(readFileSync(fx.png))).toBe(true)
    await lib.close()
  })

  it('an open looks for a copy in the index of copies, not through every asset', () => {
    const plan = testLibrary().sqlite.db.prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN ${SAMPLE_COPY_SQL}`).all()
    expect(plan.map((step) => step.detail)).toEqual(['SCAN videos USING INDEX videos_owned_copies'])
  })

  it('a library reached through a symlink keeps the paths its rows record', async () => {
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [fx.mp4])
    const recorded = itemFor(items, fx.mp4).asset!.filePath
    await lib.close()
    const link = path.join(tempDir(), 'link-to-library')
    symlinkSync(lib.dir, link)
    const again = testLibrary(link)
    expect((await again.catalog.repos.media.fileOf(itemFor(items, fx.mp4).asset!.id))!.filePath).toBe(recorded)
    await again.close()
  })

  it('a restored library reads its copies from the original folder until they are brought in', async () => {
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [fx.mp4])
    const id = itemFor(items, fx.mp4).asset!.id
    const backup = await call<BackupResult>(lib, 'library:backup', {})
    const target = path.join(tempDir(), 'restored')
    await call<RestoreResult>(lib, 'library:restore', { backup: backup.name, target })
    const restored = testLibrary(target)
    expect(rowOf(restored, id).file_path).toBe(rowOf(lib, id).file_path)
    expect((await bytesServed(restored, id)).equals(readFileSync(fx.mp4))).toBe(true)
    await restored.close()
    await lib.close()
  })

  it('verify reads a copy by its key: a stale recorded path does not make it missing, a missing object does', async () => {
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [fx.mp4, fx.png])
    const mp4 = itemFor(items, fx.mp4).asset!
    const png = itemFor(items, fx.png).asset!
    // The mp4's row names a place that never held it (as a plugin's row may); the png's object is gone from its key.
    lib.sqlite.db
      .prepare('UPDATE videos SET file_path = ? WHERE id = ?')
      .run(path.join(tempDir(), 'elsewhere.mp4'), mp4.id)
    const pngKey = rowOf(lib, png.id).object_key!
    renameSync(ownedFilePath(lib.dir, pngKey), path.join(tempDir(), 'taken-away.png'))
    const { job, items: found } = await runHealthJob(lib, 'health:verify', {})
    expect(job.counts).toMatchObject({ ok: 1, missing: 1 })
    expect(found.map((item) => [item.id, item.outcome])).toEqual([[png.id, 'missing']])
    await lib.close()
  })

  it('migration 0430 keys the copies in the folder layout wherever their folder was, and no row another tool wrote', async () => {
    const dir = path.join(tempDir(), 'library')
    mkdirSync(dir)
    const { db } = openDatabase(
      path.join(dir, 'library.db'),
      migrations.filter((migration) => migration.version <= 420),
      {},
    )
    const insert = db.prepare("INSERT INTO videos (id, name, file_path, storage) VALUES (?, ?, ?, 'copy')")
    insert.run('ab12cd34ef567890', 'here.mp4', path.join(dir, 'media/videos/ab/ab12cd34ef567890.mp4'))
    insert.run('cd12cd34ef567890', 'moved.png', '/old/place/media/images/cd/cd12cd34ef567890.png')
    insert.run('ef12cd34ef567890', 'seed.mp4', '/home/me/videos/seed.mp4')
    insert.run('0a12cd34ef567890', 'other id.mp4', '/old/place/media/videos/0a/ffff.mp4')
    db.prepare("INSERT INTO videos (id, name, file_path, storage) VALUES ('1b', 'l.mp4', '/x/l.mp4', 'link')").run()
    db.close()
    const lib = openLibrary(dir)
    const keys = lib.sqlite.db.prepare('SELECT id, object_key FROM videos ORDER BY id').all()
    expect(keys).toEqual([
      { id: '0a12cd34ef567890', object_key: null },
      { id: '1b', object_key: null },
      { id: 'ab12cd34ef567890', object_key: 'media/videos/ab/ab12cd34ef567890.mp4' },
      { id: 'cd12cd34ef567890', object_key: 'media/images/cd/cd12cd34ef567890.png' },
      { id: 'ef12cd34ef567890', object_key: null },
    ])
    await lib.close()
  })

  it("a moved library's rows give the original manager's reads a file that holds the asset's bytes", async () => {
    const { dir, mp4 } = await libraryToMove()
    const moved = path.join(path.dirname(dir), 'moved-for-interop')
    renameSync(dir, moved)
    await testLibrary(moved).close()
    // What media_manager.py's get_video and calculate_file_hash do (../shared/interop, beside the repository; a
    // clean clone elsewhere has no such folder, so its SQL is read here with a connection of our own).
    const db = new Database(path.join(moved, 'library.db'), { readonly: true })
    const row = db.prepare('SELECT * FROM videos WHERE id = ?').get(mp4.id) as { file_path: string }
    db.close()
    expect(row.file_path).toBe(ownedFilePath(moved, mediaKey('video', mp4.id, '.mp4')))
    expect(`sha256:${createHash('sha256').update(readFileSync(row.file_path)).digest('hex')}`).toBe(sha256Of(fx.mp4))
  })
})
