import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ImportItem, ImportJob } from '../../../shared/contract'
import type { Library } from '../../../main/services/library-context'
import { createCatalog, type Catalog } from '../../../main/db/catalog'
import type { WatchedFileOutcome } from '../../../main/db/repos/watch-folders'
import { UniqueViolation } from '../../../main/db/sql/sql-engine'
import { createPathGate } from '../../../main/security/path-gate'
import { watchFolders } from '../../../main/services/watch-folders/folder-watcher'
import {
  addWatchFolder,
  listWatchFolders,
  pauseWatchFolder,
  removeWatchFolder,
  watchEvents,
} from '../../../main/services/watch-folders/watch-folders'
import { ENGINES, freshEngine } from '../../helpers/sql-engines'
import { tempDir } from '../../helpers/temp-dir'

afterEach(() => void vi.restoreAllMocks())

// Issue 34: watched folders, their files and the watcher's events, the same on a library's SQLite and a hub's
// PostgreSQL.
describe.each(ENGINES)('watch folders on %s', (dialect) => {
  const fresh = async () => {
    const sql = await freshEngine(dialect)
    return { sql, catalog: createCatalog(sql) }
  }
  const at = '2026-11-25T10:00:00.000Z'
  const outcome = (file: string, size: number, assetId: string | null = null): WatchedFileOutcome => ({
    path: file,
    size,
    mtimeMs: 1_764_064_800_123.5,
    outcome: assetId ? 'imported' : 'failed',
    assetId,
  })

  it('inserts, lists by path byte for byte, pauses, refuses a path twice, and derives files and problem', async () => {
    const { catalog } = await fresh()
    const repo = catalog.repos.watchFolders
    const lower = await repo.insert('/media/a', 'copy', at)
    expect(lower).toEqual({
      id: lower.id,
      path: '/media/a',
      mode: 'copy',
      paused: false,
      createdAt: at,
      files: 0,
      problem: null,
    })
    const upper = await repo.insert('/media/B', 'link', at)
    await expect(repo.insert('/media/a', 'link', at)).rejects.toBeInstanceOf(UniqueViolation)
    // Upper case first, as bytes compare (not as a locale would sort them).
    expect((await repo.list()).map((folder) => folder.path)).toEqual(['/media/B', '/media/a'])
    await repo.setPaused(upper.id, true)
    expect(await repo.get(upper.id)).toMatchObject({ paused: true, mode: 'link' })
    await repo.setPaused(upper.id, false)
    expect(await repo.get(upper.id)).toMatchObject({ paused: false })

    await repo.putFiles(lower.id, [outcome('/media/a/1.jpg', 10, 'x1'), outcome('/media/a/2.jpg', 20)], at)
    await repo.event(lower.id, 'missing', null, 'gone', at)
    expect(await repo.get(lower.id)).toMatchObject({ files: 2, problem: 'gone' })
    await repo.event(lower.id, 'imported', '/media/a/3.jpg', null, at)
    expect(await repo.get(lower.id)).toMatchObject({ problem: 'gone' })
    await repo.event(lower.id, 'found', null, 'back', at)
    expect(await repo.get(lower.id)).toMatchObject({ problem: null })
    await repo.event(lower.id, 'refused', null, 'a link', at)
    expect((await repo.list())[1]).toMatchObject({ id: lower.id, files: 2, problem: 'a link' })
    expect(await repo.get(9999)).toBeUndefined()
  })

  it('notes thousands of files in a few statements, anew when seen again, the last of a path given twice', async () => {
    const { sql, catalog } = await fresh()
    const repo = catalog.repos.watchFolders
    const folder = await repo.insert('/media/many', 'copy', at)
    const many = Array.from({ length: 1_001 }, (_, i) => outcome(`/media/many/${String(i).padStart(4, '0')}.mp4`, i))
    await repo.putFiles(folder.id, many, at)
    const later = '2026-11-26T10:00:00.000Z'
    await repo.putFiles(
      folder.id,
      [outcome('/media/many/0000.mp4', 5), outcome('/media/many/0000.mp4', 7, 'a7')],
      later,
    )
    const files = await repo.files(folder.id)
    expect(files).toHaveLength(1_001)
    expect(files[0]).toEqual({ path: '/media/many/0000.mp4', size: 7, mtimeMs: 1_764_064_800_123.5 })
    expect(files[1_000]).toEqual({ path: '/media/many/1000.mp4', size: 1_000, mtimeMs: 1_764_064_800_123.5 })
    expect(
      await sql.get('SELECT outcome, asset_id AS "assetId", seen_at AS "seenAt" FROM watch_files WHERE path = ?', [
        '/media/many/0000.mp4',
      ]),
    ).toEqual({ outcome: 'imported', assetId: 'a7', seenAt: later })
    expect(await repo.files(folder.id + 1)).toEqual([])
    await repo.putFiles(folder.id, [], at)
    expect(await repo.get(folder.id)).toMatchObject({ files: 1_001 })
  })

  it('keeps the newest 300 events per folder, newest first, of one folder or of all', async () => {
    const { catalog } = await fresh()
    const repo = catalog.repos.watchFolders
    const one = await repo.insert('/media/one', 'copy', at)
    const two = await repo.insert('/media/two', 'copy', at)
    await repo.event(two.id, 'added', null, 'files are copied', at)
    const burst = Array.from({ length: 350 }, (_, i) => ({
      kind: 'imported' as const,
      path: `/f${i}.jpg`,
      detail: null,
    }))
    await repo.addEvents(one.id, burst.slice(0, 200), at)
    await repo.addEvents(one.id, burst.slice(200), at)
    await repo.event(one.id, 'paused', null, null, at)
    const ofOne = await repo.events(one.id, 500)
    expect(ofOne).toHaveLength(300)
    expect(ofOne[0]).toEqual({ id: ofOne[0]!.id, folderId: one.id, at, kind: 'paused', path: null, detail: null })
    expect(ofOne.slice(1).map((event) => event.path)).toEqual(
      burst
        .slice(51)
        .map((event) => event.path)
        .reverse(),
    )
    expect(ofOne.map((event) => event.id)).toEqual([...ofOne.map((event) => event.id)].sort((a, b) => b - a))
    // A burst longer than what is kept keeps its last 300.
    await repo.addEvents(two.id, burst, at)
    expect((await repo.events(two.id, 500)).map((event) => event.path)).toEqual(
      burst
        .slice(50)
        .map((event) => event.path)
        .reverse(),
    )
    const all = await repo.events(null, 3)
    expect(all.map((event) => [event.folderId, event.path])).toEqual([
      [two.id, '/f349.jpg'],
      [two.id, '/f348.jpg'],
      [two.id, '/f347.jpg'],
    ])
  })

  it('deletes a folder with its files and events, and no other', async () => {
    const { sql, catalog } = await fresh()
    const repo = catalog.repos.watchFolders
    const gone = await repo.insert('/media/gone', 'copy', at)
    const kept = await repo.insert('/media/kept', 'copy', at)
    for (const folder of [gone, kept]) {
      await repo.putFiles(folder.id, [outcome(`${folder.path}/1.jpg`, 1)], at)
      await repo.event(folder.id, 'added', null, null, at)
    }
    expect(await repo.delete(gone.id)).toBe(true)
    expect(await repo.delete(gone.id)).toBe(false)
    const count = async (table: string) =>
      (await sql.get<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE folder_id = ?`, [gone.id]))!.n
    expect([await count('watch_files'), await count('watch_events')]).toEqual([0, 0])
    expect(await repo.get(kept.id)).toMatchObject({ files: 1 })
    expect(await repo.events(null, 10)).toHaveLength(1)
  })

  it('runs the service: adds (once, never inside or around another), pauses, tells, removes', async () => {
    const { catalog } = await fresh()
    const lib = { catalog, pathGate: createPathGate('any'), rowNames: 'paths' as const }
    const folder = tempDir()
    mkdirSync(path.join(folder, 'inner'))
    const { folder: added } = await addWatchFolder(lib, folder, 'link')
    expect(added).toMatchObject({ path: folder, mode: 'link', paused: false, files: 0, problem: null })
    await expect(addWatchFolder(lib, folder, 'copy')).rejects.toThrow(/is watched already/)
    await expect(addWatchFolder(lib, path.join(folder, 'inner'), 'copy')).rejects.toThrow(/is watched already/)
    await expect(addWatchFolder(lib, path.dirname(folder), 'copy')).rejects.toThrow(/is watched already/)
    await expect(addWatchFolder(lib, path.join(folder, 'none'), 'copy')).rejects.toThrow(/is not a folder/)

    expect((await pauseWatchFolder(lib, added.id, true)).folder.paused).toBe(true)
    expect((await pauseWatchFolder(lib, added.id, true)).folder.paused).toBe(true)
    expect((await pauseWatchFolder(lib, added.id, false)).folder.paused).toBe(false)
    await expect(pauseWatchFolder(lib, 9999, true)).rejects.toThrow('No watched folder 9999.')
    const told = (await watchEvents(lib, added.id, 10)).events
    expect(told.map((event) => [event.kind, event.detail])).toEqual([
      ['resumed', null],
      ['paused', null],
      ['added', 'files stay where they are'],
    ])
    expect(await listWatchFolders(lib)).toEqual({ folders: [{ ...added }] })
    expect(await removeWatchFolder(lib, added.id)).toEqual({ removed: true })
    expect(await removeWatchFolder(lib, added.id)).toEqual({ removed: false })
    expect(await watchEvents(lib, undefined, 10)).toEqual({ events: [] })
  })

  it('keeps one of two overlapping folders added at once', async () => {
    const { catalog } = await fresh()
    const lib = { catalog, pathGate: createPathGate('any'), rowNames: 'paths' as const }
    const outer = tempDir()
    mkdirSync(path.join(outer, 'inner'))
    const tries = await Promise.allSettled([
      addWatchFolder(lib, outer, 'copy'),
      addWatchFolder(lib, path.join(outer, 'inner'), 'copy'),
    ])
    expect(tries.map((one) => one.status).sort()).toEqual(['fulfilled', 'rejected'])
    expect((await listWatchFolders(lib)).folders).toHaveLength(1)
  })

  describe('the watcher', () => {
    /** A library whose one import waits until the test ends it, with `a.jpg` imported and `b.jpg` a duplicate. */
    const watchedLibrary = async (catalog: Catalog) => {
      const folder = tempDir()
      writeFileSync(path.join(folder, 'a.jpg'), 'a')
      writeFileSync(path.join(folder, 'b.jpg'), 'bb')
      let endImport = () => {}
      const ended = new Promise<void>((resolve) => (endImport = resolve))
      const start = vi.fn((request: { paths: string[] }) => ({ id: 'job-1', request }) as unknown as ImportJob)
      const items = (): ImportItem[] =>
        start.mock.calls[0]![0].paths.map((file, seq) => ({
          seq,
          path: file,
          name: path.basename(file),
          sizeBytes: null,
          outcome: seq === 0 ? 'imported' : 'duplicate',
          asset: { id: `asset-${seq}`, name: 'a.jpg', filePath: '/library/a.jpg' },
          reason: null,
        }))
      const importItems = { ...catalog.repos.importItems, items: async () => items() }
      const lib = {
        actor: 'test',
        catalog: { ...catalog, repos: { ...catalog.repos, importItems } },
        pathGate: createPathGate('any'),
        rowNames: 'paths',
        importer: { start, settled: () => ended },
      } as unknown as Pick<Library, 'actor' | 'catalog' | 'importer' | 'pathGate' | 'rowNames'>
      const { folder: watched } = await addWatchFolder(lib, folder, 'copy')
      return { lib, folder, watched, start, endImport }
    }

    it('stops importing at once, and resolves its stop once the outcomes of the import under way are noted', async () => {
      const { catalog } = await fresh()
      const { lib, folder, watched, start, endImport } = await watchedLibrary(catalog)
      const stop = watchFolders(lib, { intervalMs: 20, settleMs: 0 })
      await expect.poll(() => start.mock.calls.length, { timeout: 5_000, interval: 10 }).toBe(1)
      let stopped = false
      const stopping = stop().then(() => (stopped = true))
      await sleep(150)
      expect(stopped).toBe(false)
      expect(await catalog.repos.watchFolders.files(watched.id)).toEqual([])
      endImport()
      await stopping
      expect((await catalog.repos.watchFolders.files(watched.id)).map((file) => file.path)).toEqual([
        path.join(folder, 'a.jpg'),
        path.join(folder, 'b.jpg'),
      ])
      const told = (await catalog.repos.watchFolders.events(watched.id, 10)).map((event) => [event.kind, event.detail])
      expect(told).toEqual([
        ['duplicate', 'same content as a.jpg'],
        ['imported', null],
        ['added', 'files are copied'],
      ])
      writeFileSync(path.join(folder, 'c.jpg'), 'c')
      await sleep(100)
      expect(start).toHaveBeenCalledTimes(1)
    })

    it('logs a write that fails after an import, never leaving it an unhandled rejection', async () => {
      const { catalog } = await fresh()
      const failing: Catalog = {
        ...catalog,
        transaction: () => Promise.reject(new Error('the disk is full')),
      }
      const { lib, folder, endImport } = await watchedLibrary(catalog)
      const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
      endImport()
      const stop = watchFolders({ ...lib, catalog: failing }, { intervalMs: 20, settleMs: 0 })
      await expect
        .poll(() => logged.mock.calls.map((call) => String(call[0])), { timeout: 5_000, interval: 10 })
        .toContain(`The imports from ${folder} were not noted:`)
      await stop()
    })
  })
})
