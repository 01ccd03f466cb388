import { readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { EventMessage, LibraryInfo } from '../../shared/contract'
import { dispatch } from '../../main/dispatch'
import { openLibrary } from '../../main/library/library'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

function sizeOf(file: string): number {
  try {
    return statSync(file).size
  } catch {
    return 0
  }
}

describe('a library folder', () => {
  it('is created when missing, and library:info reports its facts', async () => {
    const dir = path.join(tempDir(), 'new', 'library')
    const lib = testLibrary(dir)
    const envelope = await dispatch(lib, 'library:info', {})
    expect(envelope.ok).toBe(true)
    const info = (envelope as { data: LibraryInfo }).data
    expect(info.path).toBe(dir)
    expect(info.databasePath).toBe(path.join(dir, 'library.db'))
    expect(info.schemaVersion).toBe(30)
    expect(info.name).toBe('Framevault library')
    expect(info.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(Date.parse(info.createdAt)).not.toBeNaN()
    expect(info.tables).toEqual([
      { name: 'file_hash_cache', rows: 0 },
      { name: 'import_items', rows: 0 },
      { name: 'import_jobs', rows: 0 },
      { name: 'library_meta', rows: 3 },
      { name: 'videos', rows: 0 },
    ])
    const dbBytes = ['', '-wal', '-shm'].reduce((sum, s) => sum + sizeOf(info.databasePath + s), 0)
    expect(info.bytesOnDisk.database).toBe(dbBytes)
    expect(info.bytesOnDisk.database).toBeGreaterThan(0)
  })

  it('counts every file below the folder in the total bytes', async () => {
    const dir = tempDir()
    const lib = testLibrary(dir)
    const before = (await dispatch(lib, 'library:info', {})) as { data: LibraryInfo }
    writeFileSync(path.join(dir, 'extra.bin'), Buffer.alloc(12_345))
    const after = (await dispatch(lib, 'library:info', {})) as { data: LibraryInfo }
    expect(after.data.bytesOnDisk.total - before.data.bytesOnDisk.total).toBe(12_345)
  })

  it('renames, tells listeners, and keeps the name across a reopen', async () => {
    const dir = tempDir()
    const lib = testLibrary(dir)
    const seen: EventMessage[] = []
    lib.events.subscribe((event) => seen.push(event))
    const envelope = await dispatch(lib, 'library:rename', { name: '  Client shots  ' })
    await lib.close()
    expect(envelope).toMatchObject({ ok: true, data: { name: 'Client shots' } })
    expect(seen).toEqual([{ name: 'library:changed', payload: { tables: ['library_meta'] } }])

    const reopened = testLibrary(dir)
    expect(reopened.migration.applied).toEqual([])
    expect(reopened.repos.meta.get('name')).toBe('Client shots')
  })

  it('answers bad input with a validation error that names the field, and writes nothing', async () => {
    const dir = tempDir()
    const lib = testLibrary(dir)
    lib.db.pragma('wal_checkpoint(TRUNCATE)')
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
    expect(lib.repos.meta.get('name')).toBe('Framevault library')
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
