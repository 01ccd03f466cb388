import { copyFileSync, mkdirSync, openSync, readFileSync, closeSync, writeSync } from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, inject, it, vi } from 'vitest'
import type { WatchEvent, WatchFolder } from '../../shared/contract'
import type { LocalLibrary } from '../../main/services/library-context'
import { call } from '../helpers/browse'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

// Issue 24 point 11: folders imported as files appear, partial files waited for, once each, across restarts.
const fixtures = inject('fixtures')
const TIMING = { intervalMs: 150, settleMs: 1_200 }

afterEach(() => void vi.restoreAllMocks())

const watching = (dir = tempDir()) => testLibrary(dir, { watchFolders: TIMING })
const add = (lib: LocalLibrary, folder: string, mode: 'copy' | 'link' = 'copy') =>
  call<{ folder: WatchFolder }>(lib, 'watch:add', { path: folder, mode }).then((answer) => answer.folder)
const events = (lib: LocalLibrary) =>
  call<{ events: WatchEvent[] }>(lib, 'watch:events', { limit: 500 }).then((answer) => answer.events.reverse())
const assets = (lib: LocalLibrary) =>
  lib.sqlite.db
    .prepare<[], { name: string; importedAt: string; storage: string }>(
      'SELECT name, imported_at AS importedAt, storage FROM videos ORDER BY imported_at',
    )
    .all()

/** Writes `source` to `target` in ten pieces over `seconds`; resolves to when the last piece was written. */
async function writeSlowly(source: string, target: string, seconds: number): Promise<number> {
  const bytes = readFileSync(source)
  const fd = openSync(target, 'w')
  try {
    for (let piece = 0; piece < 10; piece++) {
      writeSync(
        fd,
        bytes.subarray(Math.floor((bytes.length * piece) / 10), Math.floor((bytes.length * (piece + 1)) / 10)),
      )
      if (piece < 9) await sleep((seconds * 1000) / 9)
    }
    return Date.now()
  } finally {
    closeSync(fd)
  }
}

describe('watch folders', () => {
  it('imports a file written slowly over 5 s exactly once, after it is complete', async () => {
    const lib = watching()
    const folder = tempDir()
    await add(lib, folder)
    const done = await writeSlowly(fixtures.mp4, path.join(folder, 'slow.mp4'), 5)
    await expect.poll(() => assets(lib).length, { timeout: 15_000, interval: 100 }).toBe(1)
    const [asset] = assets(lib)
    expect(asset!.name).toBe('slow.mp4')
    expect(Date.parse(asset!.importedAt)).toBeGreaterThanOrEqual(done)
    // Looked at many more times since: still once.
    await sleep(TIMING.settleMs * 2)
    expect(assets(lib)).toHaveLength(1)
    const told = await events(lib)
    expect(told.filter((event) => event.kind === 'imported').map((event) => path.basename(event.path!))).toEqual([
      'slow.mp4',
    ])
    expect(told.some((event) => event.kind === 'waiting' && event.path?.endsWith('slow.mp4'))).toBe(true)
  }, 30_000)

  it('keeps what it imported across a restart, imports what came meanwhile, and waits while paused', async () => {
    const dir = tempDir()
    const folder = tempDir()
    let lib = watching(dir)
    const watched = await add(lib, folder)
    copyFileSync(fixtures.jpg, path.join(folder, 'first.jpg'))
    await expect.poll(() => assets(lib).length, { timeout: 10_000, interval: 100 }).toBe(1)
    await lib.close()
    mkdirSync(path.join(folder, 'later'))
    copyFileSync(fixtures.mp4, path.join(folder, 'later', 'second.mp4'))
    lib = watching(dir)
    await expect.poll(() => assets(lib).length, { timeout: 10_000, interval: 100 }).toBe(2)
    // The asset's row is there before the watcher hears its import end and says so: wait for its word, then pause.
    const imported = async () => (await events(lib)).filter((event) => event.kind === 'imported').length
    await expect.poll(imported, { timeout: 10_000, interval: 100 }).toBe(2)
    expect((await events(lib)).filter((event) => event.kind === 'duplicate')).toEqual([])

    await call(lib, 'watch:pause', { id: watched.id, paused: true })
    copyFileSync(fixtures.png, path.join(folder, 'third.png'))
    await sleep(TIMING.settleMs * 2)
    expect(assets(lib)).toHaveLength(2)
    await call(lib, 'watch:pause', { id: watched.id, paused: false })
    await expect.poll(() => assets(lib).length, { timeout: 10_000, interval: 100 }).toBe(3)
    // As above, the third row lands before the watcher logs its import: poll the log too.
    await expect
      .poll(async () => (await events(lib)).map((event) => event.kind), { timeout: 10_000, interval: 100 })
      .toEqual(['added', 'imported', 'imported', 'paused', 'resumed', 'imported'])
  }, 40_000)

  it('notes what an import ended with before the library closes, a slow write as much as a quick one', async () => {
    const dir = tempDir()
    const folder = tempDir()
    const lib = watching(dir)
    await add(lib, folder)
    // A slow disk: each of the watcher's transactions takes 300 ms more; closing must wait for it.
    const { catalog } = lib
    lib.catalog = {
      ...catalog,
      transaction: (work, options) => sleep(300).then(() => catalog.transaction(work, options)),
    }
    const logged = vi.spyOn(console, 'error')
    copyFileSync(fixtures.jpg, path.join(folder, 'first.jpg'))
    await expect.poll(() => assets(lib).length, { timeout: 10_000, interval: 20 }).toBe(1)
    await lib.close()
    expect(logged).not.toHaveBeenCalled()
    const again = testLibrary(dir)
    expect((await events(again)).map((event) => event.kind)).toEqual(['added', 'imported'])
  }, 20_000)

  it('links in link mode, and refuses what is no folder or a folder inside a watched one', async () => {
    const lib = watching()
    const folder = tempDir()
    await add(lib, folder, 'link')
    copyFileSync(fixtures.jpg, path.join(folder, 'kept.jpg'))
    await expect
      .poll(() => assets(lib).map((asset) => asset.storage), { timeout: 10_000, interval: 100 })
      .toEqual(['link'])
    mkdirSync(path.join(folder, 'inner'))
    await expect(add(lib, path.join(folder, 'inner'))).rejects.toThrow(/is watched already/)
    await expect(add(lib, path.join(folder, 'kept.jpg'))).rejects.toThrow(/is not a folder/)
  }, 20_000)
})
