import { copyFileSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, inject, it } from 'vitest'
import type { WatchEvent, WatchFolder } from '../../shared/contract'
import type { LocalLibrary } from '../../main/services/library-context'
import { call } from '../helpers/browse'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

// Issue 38 point 8: a watched folder that became a link, files an import cannot take, and a large folder's
// files looked at again only now and then.
const fixtures = inject('fixtures')
const TIMING = { intervalMs: 100, settleMs: 300 }

const folders = (lib: LocalLibrary) => call<{ folders: WatchFolder[] }>(lib, 'watch:list', {}).then((a) => a.folders)
const events = (lib: LocalLibrary) =>
  call<{ events: WatchEvent[] }>(lib, 'watch:events', { limit: 500 }).then((answer) => answer.events.reverse())
const kinds = async (lib: LocalLibrary) => (await events(lib)).map((event) => event.kind)
const assetNames = (lib: LocalLibrary) =>
  lib.sqlite.db.prepare<[], string>('SELECT name FROM videos ORDER BY name').pluck().all()

describe('watch folders in trouble', () => {
  it('a watched folder swapped for a link is not followed, says so in its row, and is watched again once it is back', async () => {
    const lib = testLibrary(tempDir(), { watchFolders: TIMING })
    const folder = path.join(tempDir(), 'watched')
    mkdirSync(folder)
    await call(lib, 'watch:add', { path: folder, mode: 'link' })
    const elsewhere = tempDir()
    copyFileSync(fixtures.jpg, path.join(elsewhere, 'not-mine.jpg'))
    renameSync(folder, `${folder}-away`)
    symlinkSync(elsewhere, folder)
    const why = `The folder has become a link to ${elsewhere}; links are not followed, so nothing is imported until it is a folder again.`
    await expect.poll(async () => (await folders(lib))[0]?.problem, { timeout: 5_000 }).toBe(why)
    await sleep(600)
    expect(assetNames(lib)).toEqual([])
    // Told once, not at every look.
    expect((await kinds(lib)).filter((kind) => kind === 'refused')).toHaveLength(1)

    rmSync(folder)
    renameSync(`${folder}-away`, folder)
    copyFileSync(fixtures.jpg, path.join(folder, 'mine.jpg'))
    await expect.poll(() => assetNames(lib), { timeout: 10_000 }).toEqual(['mine.jpg'])
    expect((await folders(lib))[0]?.problem).toBeNull()
    expect(await kinds(lib)).toEqual(['added', 'refused', 'found', 'imported'])
  }, 20_000)

  it('files an import cannot take (the folder not allowed this session) fail once, with why, not at every look', async () => {
    const dir = tempDir()
    const folder = tempDir()
    const first = testLibrary(dir, { allowedPaths: [folder] })
    await call(first, 'watch:add', { path: folder, mode: 'link' })
    await first.close()
    copyFileSync(fixtures.jpg, path.join(folder, 'a.jpg'))
    copyFileSync(fixtures.png, path.join(folder, 'b.png'))
    const lib = testLibrary(dir, { allowedPaths: [], watchFolders: TIMING })
    await expect.poll(() => kinds(lib), { timeout: 5_000 }).toContain('failed')
    await sleep(800)
    const failed = (await events(lib)).filter((event) => event.kind === 'failed')
    expect(failed).toHaveLength(1)
    expect(failed[0]!.detail).toMatch(
      /^2 files could not be imported: Cannot import .* outside the folders this host may import from/,
    )
    expect((await folders(lib))[0]?.files).toBe(2)
    expect(lib.sqlite.db.prepare('SELECT count(*) FROM jobs').pluck().get()).toBe(0)
  }, 20_000)

  it('a file imported already is looked at again every recheckMs: a rewrite is seen then, not at every look', async () => {
    const folder = tempDir()
    const lib = testLibrary(tempDir(), { watchFolders: { ...TIMING, recheckMs: 60_000 } })
    await call(lib, 'watch:add', { path: folder, mode: 'link' })
    const file = path.join(folder, 'clip.jpg')
    copyFileSync(fixtures.jpg, file)
    await expect.poll(() => assetNames(lib), { timeout: 10_000 }).toEqual(['clip.jpg'])
    writeFileSync(file, 'no longer a picture')
    copyFileSync(fixtures.png, path.join(folder, 'new.png'))
    // A new file is seen at once; the rewritten one is not looked at again for a minute.
    await expect.poll(() => assetNames(lib), { timeout: 10_000 }).toEqual(['clip.jpg', 'new.png'])
    await sleep(600)
    expect((await events(lib)).filter((event) => event.path === file).map((event) => event.kind)).toEqual(['imported'])

    const quick = testLibrary(lib.dir, { watchFolders: { ...TIMING, recheckMs: 200 } })
    await lib.close()
    await expect
      .poll(async () => (await events(quick)).filter((event) => event.path === file).map((event) => event.kind), {
        timeout: 10_000,
      })
      .toEqual(['imported', 'failed'])
  }, 30_000)
})
