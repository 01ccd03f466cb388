import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { EventMessage, StoredLibraryInfo } from '../../shared/contract'
import { migrations } from '../../main/db/migrations/index'
import { dispatch } from '../../main/dispatch'
import type { Library } from '../../main/services/library-context'
import { openLibrary } from '../../main/app/open-library'
import { ensureFixtures, type Fixtures } from '../fixtures/make-fixtures'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

function sizeOf(file: string): number {
  try {
    return statSync(file).size
  } catch {
    return 0
  }
}

let fx: Fixtures
beforeAll(async () => {
  fx = await ensureFixtures()
})

/** Bytes of every regular file below `dir`, walked independently of the code under test. */
function bytesBelow(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + sizeOf(path.join(entry.parentPath, entry.name)), 0)
}

async function libraryInfo(lib: Library): Promise<StoredLibraryInfo> {
  const envelope = await dispatch(lib, 'library:info', {})
  if (!envelope.ok) throw new Error(envelope.error.message)
  return envelope.data as StoredLibraryInfo
}

/** `bytes` with the database's current size (a WAL write may move it between two calls). */
/** The figures other than the database's, which background writes (thumbnails, the change log) may move meanwhile. */
function besidesDatabase(bytes: StoredLibraryInfo['bytesOnDisk']): Omit<StoredLibraryInfo['bytesOnDisk'], 'database'> {
  const { database, ...rest } = bytes
  return { ...rest, total: bytes.total - database }
}

describe('a library folder', () => {
  it('is created when missing, and library:info reports its facts', async () => {
    const dir = path.join(tempDir(), 'new', 'library')
    const lib = testLibrary(dir)
    const envelope = await dispatch(lib, 'library:info', {})
    expect(envelope.ok).toBe(true)
    const info = (envelope as { data: StoredLibraryInfo }).data
    expect(info.path).toBe(dir)
    expect(info.databasePath).toBe(path.join(dir, 'library.db'))
    expect(info.schemaVersion).toBe(migrations.at(-1)!.version)
    expect(info.name).toBe('Framevault library')
    expect(info.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(Date.parse(info.createdAt)).not.toBeNaN()
    // Later migrations add tables; these are there in every library.
    expect(info.tables).toEqual(
      expect.arrayContaining([
        { name: 'file_hash_cache', rows: 0 },
        { name: 'import_items', rows: 0 },
        { name: 'jobs', rows: 0 },
        { name: 'library_meta', rows: 3 },
        { name: 'videos', rows: 0 },
      ]),
    )
    // The full-text index counts as one table; its shadow tables (videos_fts_data, ...) are its insides.
    const names = info.tables.map((table) => table.name)
    expect(names).toContain('videos_fts')
    expect(names.filter((name) => /^videos_fts_(data|idx|content|docsize|config)$/.test(name))).toEqual([])
    const dbBytes = ['', '-wal', '-shm'].reduce((sum, s) => sum + sizeOf(info.databasePath + s), 0)
    expect(info.bytesOnDisk.database).toBe(dbBytes)
    expect(info.bytesOnDisk.database).toBeGreaterThan(0)
  })

  it('reports copied, linked, thumbnail and database bytes equal to the files, without walking media/', async () => {
    const dir = tempDir()
    const lib = testLibrary(dir)
    const copied = await importAndWait(lib, [fx.mp4, fx.jpg])
    await importAndWait(lib, [fx.png], true)
    const info = await libraryInfo(lib)
    const copiedFiles = copied.items.map((item) => item.asset!.filePath)
    expect(copiedFiles.every((file) => file.startsWith(path.join(dir, 'media')))).toBe(true)
    expect(info.bytesOnDisk.assets).toBe(sizeOf(fx.mp4) + sizeOf(fx.jpg))
    expect(info.bytesOnDisk.assets).toBe(copiedFiles.reduce((sum, file) => sum + sizeOf(file), 0))
    expect(info.bytesOnDisk.linked).toBe(sizeOf(fx.png))
    expect(info.bytesOnDisk.thumbnails).toBe(bytesBelow(path.join(dir, 'derived')))
    expect(info.bytesOnDisk.thumbnails).toBeGreaterThan(0)
    const dbBytes = ['', '-wal', '-shm'].reduce((sum, s) => sum + sizeOf(info.databasePath + s), 0)
    expect(info.bytesOnDisk.database).toBe(dbBytes)
    const { assets, thumbnails, database, backups, temp } = info.bytesOnDisk
    expect(info.bytesOnDisk.total).toBe(assets + thumbnails + database + backups + temp)

    // A file under media/ that no row names is not counted: media/ is not walked, its bytes come from the rows.
    const planted = path.join(dir, 'media', 'videos', 'zz', 'planted.mp4')
    mkdirSync(path.dirname(planted), { recursive: true })
    writeFileSync(planted, Buffer.alloc(12_345))
    expect(besidesDatabase((await libraryInfo(lib)).bytesOnDisk)).toEqual(besidesDatabase(info.bytesOnDisk))
  })

  it('sums asset bytes from an index, not from the videos rows', () => {
    const lib = testLibrary()
    const plan = lib.sqlite.db
      .prepare<[], { detail: string }>(
        'EXPLAIN QUERY PLAN SELECT storage, COALESCE(SUM(size_bytes), 0) AS bytes FROM videos GROUP BY storage',
      )
      .all()
      .map((row) => row.detail)
    expect(plan).toEqual(['SCAN videos USING COVERING INDEX videos_storage_size'])
  })

  it('counts temp files and backups in the total', async () => {
    const dir = tempDir()
    const lib = testLibrary(dir)
    const before = await libraryInfo(lib)
    mkdirSync(path.join(dir, 'tmp'), { recursive: true })
    writeFileSync(path.join(dir, 'tmp', '1-upload-left.upload'), Buffer.alloc(12_345))
    mkdirSync(path.join(dir, 'backups'), { recursive: true })
    writeFileSync(path.join(dir, 'backups', 'library-x.db'), Buffer.alloc(1_000))
    const after = await libraryInfo(lib)
    expect(after.bytesOnDisk).toMatchObject({ temp: 12_345, backups: 1_000 })
    expect(after.bytesOnDisk.total - before.bytesOnDisk.total).toBe(
      13_345 + after.bytesOnDisk.database - before.bytesOnDisk.database,
    )
  })

  it('renames, tells listeners, and keeps the name across a reopen', async () => {
    const dir = tempDir()
    const lib = testLibrary(dir)
    const seen: EventMessage[] = []
    lib.events.subscribe((event) => seen.push(event))
    const envelope = await dispatch(lib, 'library:rename', { name: '  Client shots  ' })
    await lib.close()
    expect(envelope).toMatchObject({ ok: true, data: { name: 'Client shots' } })
    // Sent as the library closed, if not before: the first change of a new library.
    expect(seen).toEqual([
      { name: 'library:changed', payload: { tables: ['library_meta'], topics: ['library'], seq: 1 } },
    ])

    const reopened = testLibrary(dir)
    expect(reopened.sqlite.migration.applied).toEqual([])
    expect(await reopened.catalog.repos.meta.get('name')).toBe('Client shots')
  })

  it('answers bad input with a validation error that names the field, and writes nothing', async () => {
    const dir = tempDir()
    const lib = testLibrary(dir)
    lib.sqlite.db.pragma('wal_checkpoint(TRUNCATE)')
    const files = ['library.db', 'library.db-wal'].map((f) => path.join(dir, f))
    const before = files.map((f) => readFileSync(f))
    const seen: EventMessage[] = []
    lib.events.subscribe((event) => seen.push(event))

    for (const input of [{ name: '' }, { name: 42 }, { title: 'x' }, null, 'name', { name: 'ok', extra: true }]) {
      const envelope = await dispatch(lib, 'library:rename', input)
      expect(envelope).toMatchObject({ ok: false, error: { code: 'validation' } })
    }
    const named = await dispatch(lib, 'library:rename', { name: '' })
    expect(named).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('name: The name must not be empty.') },
    })
    expect(files.map((f, i) => readFileSync(f).equals(before[i]))).toEqual([true, true])
    expect(await lib.catalog.repos.meta.get('name')).toBe('Framevault library')
    expect(seen).toEqual([])
  })

  it('answers an unknown channel with not_found', async () => {
    const lib = testLibrary()
    expect(await dispatch(lib, 'library:drop', {})).toMatchObject({ ok: false, error: { code: 'not_found' } })
    expect(await dispatch(lib, '__proto__', {})).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it('refuses a library path that is a file, with an io error', () => {
    const file = path.join(tempDir(), 'not-a-folder')
    writeFileSync(file, 'x')
    expect(() => openLibrary(file)).toThrow(/Cannot use .* as the library folder: a file with that name is in the way/)
  })
})
