import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { LocalLibrary } from '../../main/services/library-context'
import { startWebHost, type WebHost } from '../../main/web/web-host'
import { ensureFixtures, type Fixtures } from '../fixtures/make-fixtures'
import { http } from '../helpers/http'
import { sha256Of } from '../helpers/ingest'
import { newestAssets, testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

let fx: Fixtures
let library: LocalLibrary
let host: WebHost

beforeAll(async () => {
  fx = await ensureFixtures()
})
beforeEach(async () => {
  library = testLibrary()
  host = await startWebHost({ library, rendererDir: tempDir(), port: 0 })
})
afterEach(async () => {
  await host.close()
})

const headers = () => ({ host: `127.0.0.1:${host.port}`, authorization: `Bearer ${host.token}` })
const upload = (name: string, body: Buffer, auth = headers()) =>
  http(host.port, { method: 'POST', path: `/upload?name=${encodeURIComponent(name)}`, headers: auth, body })

describe('web host media routes', () => {
  it('takes an upload, imports it, and serves its poster and sprite as JPEG', async () => {
    const reply = await upload('my clip.mp4', readFileSync(fx.mp4))
    expect(reply.status).toBe(200)
    const { data } = reply.json() as { data: { uploadId: string; name: string; size: number; sha256: string } }
    expect(data).toMatchObject({ name: 'my clip.mp4', size: readFileSync(fx.mp4).length, sha256: sha256Of(fx.mp4) })

    const started = await http(host.port, {
      method: 'POST',
      path: '/api/media:import-uploads',
      headers: { ...headers(), 'content-type': 'application/json' },
      body: JSON.stringify({ uploads: [{ uploadId: data.uploadId, name: data.name }] }),
    })
    expect(started.status).toBe(200)
    await library.importer.idle()
    await library.importer.thumbnailsIdle()
    const [asset] = await newestAssets(library, 1)
    expect(asset).toMatchObject({ name: 'my clip.mp4', importedBy: expect.stringMatching(/./) })

    for (const kind of ['poster', 'sprite']) {
      const image = await http(host.port, { path: `/media/thumbs/${asset!.id}/${kind}.jpg`, headers: headers() })
      expect(image.status).toBe(200)
      expect(image.headers['content-type']).toBe('image/jpeg')
      expect(image.bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]))
    }
  })

  it('refuses an upload without the secret or without a name, and keeps nothing', async () => {
    const bytes = readFileSync(fx.jpg)
    expect(
      (await upload('a.jpg', bytes, { host: `127.0.0.1:${host.port}` } as ReturnType<typeof headers>)).status,
    ).toBe(401)
    const nameless = await upload('', bytes)
    expect(nameless.status).toBe(400)
    expect(nameless.json()).toMatchObject({ ok: false, error: { code: 'validation' } })
    const tmp = path.join(library.dir, 'tmp')
    expect(existsSync(tmp) ? readdirSync(tmp) : []).toEqual([])
  })

  it('answers 404 for thumbnails of unknown assets and for paths outside the thumbnail scheme', async () => {
    for (const urlPath of [
      '/media/thumbs/0123456789abcdef/poster.jpg',
      '/media/thumbs/x/../../library.db',
      '/media/x',
    ]) {
      const reply = await http(host.port, { path: urlPath, headers: headers() })
      expect(reply.status).toBe(404)
      expect(reply.json()).toMatchObject({ ok: false, error: { code: 'not_found' } })
    }
  })
})
