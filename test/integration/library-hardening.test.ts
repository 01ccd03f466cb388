import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { removeStaleTemps } from '../../main/library/atomic-write'
import { openLibrary } from '../../main/app/open-library'
import { thumbnailPaths, thumbnailsDir } from '../../main/library/library-paths'
import { atomicTempOwner, writeAtomically } from '../../main/library/atomic-write'
import { importPaths } from '../../main/services/assets/imports'
import { startWebHost, type WebHost } from '../../main/web/web-host'
import { http } from '../helpers/http'
import { newestAssets, testLibrary } from '../helpers/library'
import { deadPid } from '../helpers/processes'
import { tempDir } from '../helpers/temp-dir'

const fx = inject('fixtures')
let host: WebHost | undefined

afterEach(async () => {
  await host?.close()
  host = undefined
})

describe('thumbnail temp files', () => {
  it('carry the writing process id in their name', async () => {
    let temp = ''
    await writeAtomically(path.join(tempDir(), 'ab', 'x.jpg'), async (file) => {
      temp = path.basename(file)
      await writeFile(file, 'jpeg')
    })
    expect(temp).toMatch(/^\.x\.jpg\.\d+-[0-9a-f]{12}\.tmp$/)
    expect(atomicTempOwner(temp)).toBe(process.pid)
  })

  it("are removed at library open when their writer is gone (or pid-less and old), never a live writer's", async () => {
    const dir = tempDir()
    const folder = path.join(thumbnailsDir(dir), 'ab')
    mkdirSync(folder, { recursive: true })
    const dead = await deadPid()
    const names = {
      dead: `.abcdef.jpg.${dead}-0123456789ab.tmp`,
      live: `.abcdef.sprite.jpg.${process.pid}-0123456789ab.tmp`,
      legacyOld: '.abc.jpg.0123456789ab.tmp',
      legacyNew: '.abd.jpg.0123456789ab.tmp',
      thumbnail: 'abcdef.jpg',
    }
    for (const name of Object.values(names)) writeFileSync(path.join(folder, name), 'x')
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000)
    utimesSync(path.join(folder, names.legacyOld), twoHoursAgo, twoHoursAgo)

    // close() waits for the sweep that open started.
    await openLibrary(dir).close()
    expect(readdirSync(folder).sort()).toEqual([names.live, names.legacyNew, names.thumbnail].sort())
  })
})

describe('symlinks inside the library', () => {
  it('does not sweep stale temps through a tmp/ symlink that leads out of the library', async () => {
    const dir = tempDir()
    const outside = tempDir()
    const leftover = path.join(outside, `${await deadPid()}-00000000-0000-4000-8000-000000000000.part`)
    writeFileSync(leftover, 'not a file of the library')
    symlinkSync(outside, path.join(dir, 'tmp'))
    expect(await removeStaleTemps(path.join(dir, 'tmp'))).toBe(0)
    expect(existsSync(leftover)).toBe(true)
  })

  it('does not sweep thumbnail temps through a derived/thumbs symlink that leads out of the library', async () => {
    const dir = tempDir()
    const outside = tempDir()
    mkdirSync(path.join(outside, 'ab'))
    const leftover = path.join(outside, 'ab', `.abcdef.jpg.${await deadPid()}-0123456789ab.tmp`)
    writeFileSync(leftover, 'not a file of the library')
    mkdirSync(path.join(dir, 'derived'))
    symlinkSync(outside, thumbnailsDir(dir))
    // close() waits for the sweep that open started.
    await openLibrary(dir).close()
    expect(existsSync(leftover)).toBe(true)
  })

  /** A library with one imported image whose thumbnail folder is then replaced by a symlink to `outside`. */
  async function libraryWithEscapingThumbs() {
    const lib = testLibrary()
    await importPaths(lib, [fx.jpg], false)
    await lib.importer.idle()
    await lib.importer.thumbnailsIdle()
    const [asset] = await newestAssets(lib, 1)
    const poster = thumbnailPaths(lib.dir, asset!.id).poster
    expect(existsSync(poster)).toBe(true)
    const outside = tempDir()
    rmSync(path.dirname(poster), { recursive: true })
    symlinkSync(outside, path.dirname(poster))
    return { lib, id: asset!.id, outside, outsidePoster: path.join(outside, path.basename(poster)) }
  }

  it('does not serve a thumbnail through a folder symlink that leads out of the library', async () => {
    const { lib, id, outsidePoster } = await libraryWithEscapingThumbs()
    writeFileSync(outsidePoster, 'SECRET outside the library')
    host = await startWebHost({ library: lib, rendererDir: tempDir(), port: 0 })
    const headers = { host: `127.0.0.1:${host.port}`, authorization: `Bearer ${host.token}` }

    const reply = await http(host.port, { path: `/media/thumbs/${id}/poster.jpg`, headers })
    expect(reply.status).toBe(403)
    expect(reply.json()).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(reply.text).not.toContain('SECRET')
    expect((await http(host.port, { path: '/api/library:info', headers })).status).toBe(400)
  })

  it('does not write regenerated thumbnails out of the library', async () => {
    const { lib, id, outside } = await libraryWithEscapingThumbs()
    await lib.importer.ensureThumbnails(id)
    expect(readdirSync(outside)).toEqual([])
    expect(await lib.catalog.repos.media.get(id)).toMatchObject({
      status: 6,
      error: expect.stringMatching(/outside the library/),
    })
  })

  it('still serves thumbnails when the whole library folder is reached through a symlink', async () => {
    const real = tempDir()
    const link = path.join(tempDir(), 'library-link')
    symlinkSync(real, link)
    const lib = testLibrary(link)
    await importPaths(lib, [fx.jpg], false)
    await lib.importer.idle()
    await lib.importer.thumbnailsIdle()
    const [asset] = await newestAssets(lib, 1)
    host = await startWebHost({ library: lib, rendererDir: tempDir(), port: 0 })
    const headers = { host: `127.0.0.1:${host.port}`, authorization: `Bearer ${host.token}` }
    const reply = await http(host.port, { path: `/media/thumbs/${asset!.id}/poster.jpg`, headers })
    expect(reply.status).toBe(200)
    expect(reply.bytes).toEqual(readFileSync(thumbnailPaths(real, asset!.id).poster))
  })
})
