import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { request } from 'node:http'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { LocalLibrary } from '../../main/services/library-context'
import { openLibrary } from '../../main/app/open-library'
import { startWebHost, type WebHost } from '../../main/web/web-host'
import { cli } from '../helpers/cli'
import { http } from '../helpers/http'
import { importAndWait, itemFor, sha256Of } from '../helpers/ingest'
import { openDescriptorsOn } from '../helpers/open-files'
import { useServedHubs } from '../helpers/served-hub'
import { tempDir } from '../helpers/temp-dir'
import { zipEntries } from '../helpers/zip-entries'
import { downloadResponse } from '../../main/electron/download-response'

const fx = inject('fixtures')
let dir: string
let library: LocalLibrary
let host: WebHost
const ids: Record<string, string> = {}

beforeAll(async () => {
  // Its own folder for the file's tests (tempDir's go after each test).
  dir = mkdtempSync(path.join(os.tmpdir(), 'framevault-download-'))
  library = openLibrary(path.join(dir, 'library'))
  host = await startWebHost({ library, rendererDir: path.join(dir, 'renderer'), port: 0 })
  const files = { mp4: fx.mp4, png: fx.png, jpg: fx.jpg, long: fx.longClip, a: fx.collisionA, b: fx.collisionB }
  const { items } = await importAndWait(library, Object.values(files))
  for (const [key, file] of Object.entries(files)) ids[key] = itemFor(items, file).asset!.id
}, 120_000)
afterAll(async () => {
  await host.close()
  await library.close()
  rmSync(dir, { recursive: true, force: true })
})

const auth = () => ({ host: `127.0.0.1:${host.port}`, authorization: `Bearer ${host.token}` })
const get = (urlPath: string) => http(host.port, { path: urlPath, headers: auth() })
const fileOf = async (id: string) => {
  const asset = (await library.catalog.repos.media.get(id))!
  return path.isAbsolute(asset.filePath) ? asset.filePath : path.join(library.dir, asset.filePath)
}

describe('downloads from the web host', () => {
  it('sends three assets as one zip whose entries are byte-equal to the originals, stored as they are', async () => {
    const reply = await get(`/download?ids=${[ids.mp4, ids.png, ids.jpg].join(',')}`)
    expect(reply.status).toBe(200)
    expect(reply.headers['content-type']).toBe('application/zip')
    expect(reply.headers['content-disposition']).toContain('filename="3 assets.zip"')
    const entries = await zipEntries(reply.bytes)
    expect(entries.map((entry) => entry.name)).toEqual([fx.mp4, fx.png, fx.jpg].map((file) => path.basename(file)))
    expect(entries.map((entry) => entry.sha256)).toEqual([fx.mp4, fx.png, fx.jpg].map(sha256Of))
    expect(entries.every((entry) => entry.method === 0)).toBe(true)
  })

  it('names a second asset of one name "name (2)", keeps the extension after a rename, and takes a form POST', async () => {
    await library.catalog.repos.organise.rename(ids.a, 'take')
    await library.catalog.repos.organise.rename(ids.b, 'TAKE.mp4')
    const reply = await http(host.port, {
      method: 'POST',
      path: '/download',
      headers: { ...auth(), 'content-type': 'application/x-www-form-urlencoded' },
      body: `ids=${ids.a},${ids.b}`,
    })
    expect(reply.status).toBe(200)
    const entries = await zipEntries(reply.bytes)
    expect(entries.map((entry) => entry.name)).toEqual(['take.mp4', 'TAKE (2).mp4'])
    expect(entries.map((entry) => entry.sha256)).toEqual([sha256Of(fx.collisionA), sha256Of(fx.collisionB)])
  })

  it("sends a collection's assets under the collection's name, and an original alone as an attachment", async () => {
    const collection = await library.catalog.repos.collections.create('Client picks: week 3', '2026-11-28T10:00:00Z')
    await library.catalog.repos.collections.add(collection.id, [ids.png, ids.mp4], '2026-11-28T10:00:01Z')
    const reply = await get(`/download?collection=${collection.id}`)
    expect(reply.headers['content-disposition']).toContain('filename="Client picks_ week 3.zip"')
    expect((await zipEntries(reply.bytes)).map((entry) => entry.sha256).sort()).toEqual(
      [sha256Of(fx.png), sha256Of(fx.mp4)].sort(),
    )
    const original = await get(`/download/files/${ids.jpg}`)
    expect(original.status).toBe(200)
    expect(original.headers['content-disposition']).toContain(`filename="${path.basename(fx.jpg)}"`)
    expect(original.bytes.equals(readFileSync(fx.jpg))).toBe(true)
  })

  it('refuses an unknown id or a malformed list before any byte of a zip, in words', async () => {
    const unknown = await get(`/download?ids=${ids.mp4},doesnotexist`)
    expect(unknown.status).toBe(404)
    expect(unknown.json()).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: 'No asset with id doesnotexist.' },
    })
    const malformed = await get('/download?ids=../etc/passwd')
    expect(malformed.status).toBe(400)
    expect((await get('/download')).status).toBe(400)
    expect((await get('/download/files/nope')).status).toBe(404)
  })

  it('leaves out a file gone from the disk and says why in NOT INCLUDED.txt', async () => {
    const gone = await fileOf(ids.long)
    const kept = readFileSync(gone)
    rmSync(gone)
    try {
      const reply = await get(`/download?ids=${ids.long},${ids.png}`)
      const entries = await zipEntries(reply.bytes)
      expect(entries.map((entry) => entry.name)).toEqual([path.basename(fx.png), 'NOT INCLUDED.txt'])
    } finally {
      writeFileSync(gone, kept)
    }
  })

  it('closes the file it was reading when the reader leaves halfway', async () => {
    const file = await fileOf(ids.long)
    await new Promise<void>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: host.port, path: `/download?ids=${ids.long}`, headers: auth(), agent: false },
        (res) => {
          res.once('data', () => {
            expect(openDescriptorsOn(file)).toBe(1)
            req.destroy()
            resolve()
          })
        },
      )
      req.on('error', reject)
      req.end()
    })
    await expect.poll(() => openDescriptorsOn(file)).toBe(0)
  })
})

describe('download from the CLI', () => {
  const { servedHub } = useServedHubs()

  it('writes the zip of a library at --out and says what it holds', async () => {
    const out = path.join(tempDir(), 'picks.zip')
    const run = await cli(['download', ids.mp4, ids.jpg, '--out', out, '--library', path.join(dir, 'library')])
    expect(run.stderr).toBe('')
    expect(JSON.parse(run.stdout)).toMatchObject({ out, assets: 2, notIncluded: [] })
    const entries = await zipEntries(readFileSync(out))
    expect(entries.map((entry) => entry.sha256)).toEqual([sha256Of(fx.mp4), sha256Of(fx.jpg)])
  })

  it('writes the zip of a hub (PostgreSQL + S3) with --hub, and leaves no file for an unknown id', async () => {
    const hub = await servedHub()
    const imported = await cli(['import', fx.mp4, fx.png, ...hub.args])
    expect(imported.code).toBe(0)
    const hubIds = imported.stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { asset?: { id: string } }).asset?.id)
      .filter((id): id is string => id !== undefined)
    expect(hubIds).toHaveLength(2)
    const out = path.join(tempDir(), 'hub.zip')
    const run = await cli(['download', ...hubIds, '--out', out, ...hub.args])
    expect(JSON.parse(run.stdout)).toMatchObject({ assets: 2, notIncluded: [] })
    expect((await zipEntries(readFileSync(out))).map((entry) => entry.sha256).sort()).toEqual(
      [sha256Of(fx.mp4), sha256Of(fx.png)].sort(),
    )
    const missing = path.join(tempDir(), 'none.zip')
    const refused = await cli(['download', 'doesnotexist', '--out', missing, ...hub.args])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('No asset with id doesnotexist.')
    expect(() => readFileSync(missing)).toThrow()
    expect(() => readFileSync(`${missing}.part`)).toThrow()
  })
})

describe("the desktop app's app:// downloads", () => {
  it('answers a zip of ids and a POSTed form as the web host does, and an unknown id in words', async () => {
    const listed = await downloadResponse(library, new Request(`app://renderer/download?ids=${ids.png},${ids.jpg}`))
    expect(listed.status).toBe(200)
    const entries = await zipEntries(Buffer.from(await listed.arrayBuffer()))
    expect(entries.map((entry) => entry.sha256)).toEqual([sha256Of(fx.png), sha256Of(fx.jpg)])
    const posted = await downloadResponse(
      library,
      new Request('app://renderer/download', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `ids=${ids.mp4}`,
      }),
    )
    expect((await zipEntries(Buffer.from(await posted.arrayBuffer()))).map((entry) => entry.sha256)).toEqual([
      sha256Of(fx.mp4),
    ])
    const unknown = await downloadResponse(library, new Request('app://renderer/download?ids=nothere'))
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toMatchObject({ ok: false, error: { message: 'No asset with id nothere.' } })
  })
})
