import { readFileSync, rmSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import type { Library } from '../../main/services/library-context'
import { findUnstorableText } from '../../main/security/well-formed-input'
import { restoreLibrary } from '../../main/services/library/restore'
import { restoredName } from '../../main/services/library/restored-identity'
import {
  LibraryName,
  type BackupResult,
  type LibraryInfo,
  type LibraryRestores,
  type RestoreResult,
} from '../../shared/contract'
import { call } from '../helpers/browse'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** "2026-11-20 14:03" in local time, formatted by Intl rather than by the code under test. */
function minuteOf(at: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { dateStyle: 'short', timeStyle: 'short' }).format(at)
}

/** Backs `lib` up from the app and restores that backup into a new folder; returns the restore and the backup file. */
async function backUpAndRestore(lib: Library): Promise<{ restored: RestoreResult; backupFile: string }> {
  const backup = await call<BackupResult>(lib, 'library:backup', {})
  const target = path.join(tempDir(), 'restored')
  const restored = await call<RestoreResult>(lib, 'library:restore', { backup: backup.name, target })
  return { restored, backupFile: path.join(lib.dir, 'backups', backup.name) }
}

describe('a restored library', () => {
  it('has its own id, a name saying it is a restore, and the original id as restored_from; the original is untouched', async () => {
    const lib = testLibrary()
    await importAndWait(lib, [fixtures.mp4, fixtures.png])
    await call(lib, 'library:rename', { name: 'Festival cuts' })
    const originalId = (await lib.catalog.repos.meta.get('library_id'))!
    const videosBefore = lib.sqlite.db.prepare('SELECT * FROM videos ORDER BY id').all()
    const { restored, backupFile } = await backUpAndRestore(lib)
    const backupBytes = readFileSync(backupFile)
    const backupAt = statSync(backupFile).mtime

    expect(restored.id).toMatch(UUID)
    expect(restored.id).not.toBe(originalId)
    expect(restored.name).toBe(`Festival cuts (restored from backup of ${minuteOf(backupAt)})`)
    expect(restored.restoredFrom).toBe(originalId)
    // The original keeps its id, name and rows; the backup file is only read.
    expect(await lib.catalog.repos.meta.get('library_id')).toBe(originalId)
    expect((await call<LibraryInfo>(lib, 'library:info', {})).name).toBe('Festival cuts')
    expect(lib.sqlite.db.prepare('SELECT * FROM videos ORDER BY id').all()).toEqual(videosBefore)
    expect(readFileSync(backupFile).equals(backupBytes)).toBe(true)

    const copy = testLibrary(restored.path)
    const info = await call<LibraryInfo>(copy, 'library:info', {})
    expect({ id: info.id, name: info.name }).toEqual({ id: restored.id, name: restored.name })
    expect(await copy.catalog.repos.meta.get('restored_from')).toBe(originalId)
    expect(await copy.catalog.repos.meta.get('restored_from_path')).toBe(lib.dir)
    expect(await copy.catalog.repos.meta.get('restored_backup_at')).toBe(backupAt.toISOString())

    // Each side names the other: the original lists its restore, the restore its origin.
    expect(await call<LibraryRestores>(lib, 'library:restores', {})).toEqual({
      origin: null,
      restores: [
        {
          id: restored.id,
          path: restored.path,
          name: restored.name,
          backupAt: backupAt.toISOString(),
          restoredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          unavailable: null,
        },
      ],
      previous: null,
      canOpen: false,
    })
    expect(await call<LibraryRestores>(copy, 'library:restores', {})).toEqual({
      origin: {
        id: originalId,
        backupAt: backupAt.toISOString(),
        library: { path: lib.dir, name: 'Festival cuts', unavailable: null },
      },
      restores: [],
      previous: null,
      canOpen: false,
    })
  })

  it('lists a restore under its name now, and says when its folder no longer holds a library', async () => {
    const lib = testLibrary()
    const { restored } = await backUpAndRestore(lib)
    const copy = testLibrary(restored.path)
    await call(copy, 'library:rename', { name: 'Looking at March' })
    await copy.close()
    const { restores } = await call<LibraryRestores>(lib, 'library:restores', {})
    expect(restores.map(({ name, unavailable }) => ({ name, unavailable }))).toEqual([
      { name: 'Looking at March', unavailable: null },
    ])

    const other = await backUpAndRestore(lib)
    rmSync(other.restored.path, { recursive: true })
    const listed = await call<LibraryRestores>(lib, 'library:restores', {})
    expect(listed.restores.map(({ path: dir, unavailable }) => ({ dir, unavailable }))).toEqual([
      { dir: restored.path, unavailable: null },
      { dir: other.restored.path, unavailable: `${other.restored.path} no longer holds a library.` },
    ])
  })

  it('a restore of a restore names the restore it came from and starts a list of its own', async () => {
    const original = testLibrary()
    const first = await backUpAndRestore(original)
    const copy = testLibrary(first.restored.path)
    const second = await backUpAndRestore(copy)
    expect(second.restored.restoredFrom).toBe(first.restored.id)
    expect(second.restored.name).toMatch(
      /^Framevault library \(restored from backup of .{16}\) \(restored from backup of .{16}\)$/,
    )
    const copyOfCopy = testLibrary(second.restored.path)
    // The copy's backup carried the copy's list of restores (empty) and its origin: both are replaced.
    expect(await copyOfCopy.catalog.repos.meta.get('restored_libraries')).toBeUndefined()
    expect(await copyOfCopy.catalog.repos.meta.get('restored_from_path')).toBe(copy.dir)
    expect((await call<LibraryRestores>(original, 'library:restores', {})).restores.map((r) => r.id)).toEqual([
      first.restored.id,
    ])
    expect((await call<LibraryRestores>(copy, 'library:restores', {})).restores.map((r) => r.id)).toEqual([
      second.restored.id,
    ])
  })

  it('a restore of a backup file (the CLI) keeps the original id but knows no folder to lead back to', async () => {
    const lib = testLibrary()
    const backup = await call<BackupResult>(lib, 'library:backup', {})
    const restored = await restoreLibrary(backup.path, path.join(tempDir(), 'from-cli'))
    const copy = testLibrary(restored.path)
    const { origin } = await call<LibraryRestores>(copy, 'library:restores', {})
    expect(origin).toEqual({
      id: await lib.catalog.repos.meta.get('library_id'),
      backupAt: expect.any(String),
      library: null,
    })
    expect((await call<LibraryRestores>(lib, 'library:restores', {})).restores).toEqual([])
  })

  it("starts with an empty trash and no watch folders, naming the original's; the original keeps both", async () => {
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [fixtures.mp4, fixtures.png])
    await call(lib, 'media:delete', { ids: [items[1]!.asset!.id] })
    const watched = tempDir()
    await call(lib, 'watch:add', { path: watched })
    const { restored } = await backUpAndRestore(lib)
    expect(restored).toMatchObject({ trashedAssets: 1, watchFolders: [watched] })
    expect(restored.tables).toContainEqual({ name: 'trash_entries', rows: 1 })

    const copy = testLibrary(restored.path)
    expect(await call(copy, 'trash:list', {})).toEqual({ batches: [], bytes: 0 })
    expect(await call(copy, 'watch:list', {})).toEqual({ folders: [] })
    expect((await call<{ batches: unknown[] }>(lib, 'trash:list', {})).batches).toHaveLength(1)
    expect((await call<{ folders: unknown[] }>(lib, 'watch:list', {})).folders).toHaveLength(1)
  })

  it('keeps a long name valid: the original part is shortened on whole characters', () => {
    const at = new Date(2026, 10, 20, 14, 3)
    expect(restoredName('Festival cuts', at)).toBe('Festival cuts (restored from backup of 2026-11-20 14:03)')
    const long = restoredName(`Clips ${'🎬'.repeat(80)}`, at)
    expect(long.length).toBeLessThanOrEqual(120)
    expect(long).toMatch(/^Clips 🎬+ \(restored from backup of 2026-11-20 14:03\)$/u)
    expect(LibraryName.safeParse(long)).toMatchObject({ success: true, data: long })
    expect(findUnstorableText(long)).toBeUndefined()
  })
})
