import fs, { existsSync, readdirSync, readFileSync, symlinkSync } from 'node:fs'
import { request } from 'node:http'
import path from 'node:path'
import { afterEach, describe, expect, inject, it, vi } from 'vitest'
import type { LocalLibrary } from '../../main/services/library-context'
import type { UploadOptions } from '../../main/ingest/uploads'
import { startWebHost, type WebHost } from '../../main/web/web-host'
import { http, type HttpReply } from '../helpers/http'
import { newestAssets, testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

const fx = inject('fixtures')
let host: WebHost | undefined

afterEach(async () => {
  await host?.close()
  host = undefined
})

async function start(uploads: UploadOptions): Promise<{ library: LocalLibrary; web: WebHost }> {
  const library = testLibrary(tempDir(), { uploads })
  host = await startWebHost({ library, rendererDir: tempDir(), port: 0 })
  return { library, web: host }
}

const authed = (web: WebHost) => ({ host: `127.0.0.1:${web.port}`, authorization: `Bearer ${web.token}` })
const tempFiles = (library: LocalLibrary) => {
  const tmp = path.join(library.dir, 'tmp')
  return existsSync(tmp) ? readdirSync(tmp) : []
}
const upload = (web: WebHost, body: Buffer, headers: Record<string, string> = {}) =>
  http(web.port, { method: 'POST', path: '/upload?name=a.jpg', headers: { ...authed(web), ...headers }, body })
const importUploads = (web: WebHost, uploads: Array<{ uploadId: string; name: string }>) =>
  http(web.port, {
    method: 'POST',
    path: '/api/media:import-uploads',
    headers: { ...authed(web), 'content-type': 'application/json' },
    body: JSON.stringify({ uploads }),
  })

/** Sends `chunks` as a chunked body (no Content-Length), so only counting while streaming can catch the size. */
const chunkedUpload = (web: WebHost, chunks: Buffer[]) =>
  http(web.port, { method: 'POST', path: '/upload?name=big.bin', headers: authed(web), body: chunks })

function expectTooLarge(reply: HttpReply): void {
  expect(reply.status).toBe(413)
  expect(reply.json()).toMatchObject({
    ok: false,
    error: { code: 'too_large', message: expect.stringMatching(/larger/) },
  })
}

describe('web host uploads: caps', () => {
  it('refuses an upload whose Content-Length is over the per-upload cap before reading it', async () => {
    const { library, web } = await start({ maxUploadBytes: 1024 })
    const reply = await http(web.port, {
      method: 'POST',
      path: '/upload?name=huge.mp4',
      headers: { ...authed(web), 'content-length': String(10 * 1024 ** 3) },
    })
    expectTooLarge(reply)
    expect(tempFiles(library)).toEqual([])
    expect(library.uploads.pendingBytes()).toBe(0)
  })

  it('counts bytes while streaming: a chunked upload over the cap is refused and its partial file removed', async () => {
    const { library, web } = await start({ maxUploadBytes: 64 * 1024 })
    const reply = await chunkedUpload(web, [Buffer.alloc(48 * 1024, 1), Buffer.alloc(48 * 1024, 2)])
    expectTooLarge(reply)
    expect(tempFiles(library)).toEqual([])
    expect(library.uploads.pendingBytes()).toBe(0)
    // The host still takes an upload under the cap.
    expect((await chunkedUpload(web, [Buffer.alloc(1000, 3)])).status).toBe(200)
  })

  it('caps the bytes of unclaimed uploads; claiming one by an import frees its share', async () => {
    const jpeg = readFileSync(fx.jpg)
    const { library, web } = await start({ maxUnclaimedBytes: jpeg.length * 2 + 10 })
    const first = await upload(web, jpeg)
    expect((await upload(web, jpeg)).status).toBe(200)
    expectTooLarge(await upload(web, jpeg))
    expectTooLarge(await chunkedUpload(web, [jpeg]))
    expect(tempFiles(library)).toHaveLength(2)

    const { uploadId } = (first.json() as { data: { uploadId: string } }).data
    expect((await importUploads(web, [{ uploadId, name: 'a.jpg' }])).status).toBe(200)
    await library.importer.idle()
    expect((await upload(web, jpeg)).status).toBe(200)
  })

  it('leaves no file behind for a refused upload even when opening its temp file is slow (as under load)', async () => {
    const jpeg = readFileSync(fx.jpg)
    const { library, web } = await start({ maxUnclaimedBytes: jpeg.length - 1 })
    // Every callback-style open (a write stream's) finishes 300 ms late, after the refusal has been answered.
    const realOpen = fs.open.bind(fs) as (...args: unknown[]) => void
    const lateOpens: Array<Promise<void>> = []
    const slowOpen = vi.spyOn(fs, 'open').mockImplementation(((...args: unknown[]) => {
      const callback = args.pop() as (...result: unknown[]) => void
      lateOpens.push(
        new Promise((resolve) => {
          setTimeout(() => realOpen(...args, (...result: unknown[]) => (callback(...result), resolve())), 300)
        }),
      )
    }) as typeof fs.open)
    try {
      expectTooLarge(await chunkedUpload(web, [jpeg]))
      await Promise.all(lateOpens)
    } finally {
      slowOpen.mockRestore()
    }
    expect(tempFiles(library)).toEqual([])
    expect(library.uploads.pendingBytes()).toBe(0)
  })
})

describe('web host uploads: expiry and claims', () => {
  it('deletes an upload nobody claims in time; importing it later is not_found', async () => {
    const { library, web } = await start({ unclaimedTtlMs: 50 })
    const reply = await upload(web, readFileSync(fx.jpg))
    const { uploadId } = (reply.json() as { data: { uploadId: string } }).data
    expect(tempFiles(library)).toHaveLength(1)
    await vi.waitFor(() => expect(tempFiles(library)).toEqual([]), { timeout: 10_000, interval: 20 })
    expect(library.uploads.pendingBytes()).toBe(0)
    const late = await importUploads(web, [{ uploadId, name: 'a.jpg' }])
    expect(late.status).toBe(404)
    expect(await library.importer.list(10)).toEqual([])
  })

  it('refuses the same upload id twice in one request as a validation error, and keeps the upload', async () => {
    const { library, web } = await start({})
    const reply = await upload(web, readFileSync(fx.jpg))
    const { uploadId } = (reply.json() as { data: { uploadId: string } }).data
    const twice = await importUploads(web, [
      { uploadId, name: 'a.jpg' },
      { uploadId, name: 'b.jpg' },
    ])
    expect(twice.status).toBe(400)
    expect(twice.json()).toMatchObject({
      ok: false,
      error: { code: 'validation', details: { issues: [{ path: ['uploads', 1, 'uploadId'] }] } },
    })
    expect(await library.importer.list(10)).toEqual([])
    expect((await importUploads(web, [{ uploadId, name: 'a.jpg' }])).status).toBe(200)
    await library.importer.idle()
    expect(await newestAssets(library, 10)).toHaveLength(1)
  })

  it('never writes an upload through a tmp/ symlink that leads out of the library', async () => {
    const { library, web } = await start({})
    const outside = tempDir()
    symlinkSync(outside, path.join(library.dir, 'tmp'))
    const reply = await upload(web, readFileSync(fx.jpg))
    expect(reply.status).toBe(403)
    expect(reply.json()).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(readdirSync(outside)).toEqual([])
    expect(library.uploads.pendingBytes()).toBe(0)
  })

  it('survives a client that leaves mid-upload: the partial file goes, the host answers', async () => {
    const { library, web } = await start({})
    await new Promise<void>((resolve) => {
      const req = request({
        host: '127.0.0.1',
        port: web.port,
        method: 'POST',
        path: '/upload?name=cut.bin',
        headers: { ...authed(web), 'content-length': String(1024 * 1024) },
      })
      req.on('error', () => resolve())
      req.write(Buffer.alloc(64 * 1024), () => {
        // Wait until the server has created its temp file, then vanish.
        void vi
          .waitFor(() => expect(tempFiles(library)).toHaveLength(1), { timeout: 10_000 })
          .then(() => {
            req.destroy()
            resolve()
          })
      })
    })
    await vi.waitFor(() => expect(tempFiles(library)).toEqual([]), { timeout: 10_000, interval: 20 })
    expect(library.uploads.pendingBytes()).toBe(0)
    expect((await upload(web, readFileSync(fx.jpg))).status).toBe(200)
  })
})
