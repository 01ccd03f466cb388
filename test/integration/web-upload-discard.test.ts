import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, inject, it } from 'vitest'
import type { StoredLibraryInfo } from '../../shared/contract'
import type { Library } from '../../main/services/library-context'
import { startWebHost, type WebHost } from '../../main/web/web-host'
import { http } from '../helpers/http'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

const fx = inject('fixtures')
let host: WebHost | undefined

afterEach(async () => {
  await host?.close()
  host = undefined
})

const authed = (web: WebHost) => ({ host: `127.0.0.1:${web.port}`, authorization: `Bearer ${web.token}` })
const tempFiles = (library: Library) => {
  const tmp = path.join(library.dir, 'tmp')
  return existsSync(tmp) ? readdirSync(tmp) : []
}

async function upload(web: WebHost, file: string): Promise<string> {
  const reply = await http(web.port, {
    method: 'POST',
    path: `/upload?name=${path.basename(file)}`,
    headers: authed(web),
    body: readFileSync(file),
  })
  expect(reply.status).toBe(200)
  return (reply.json() as { data: { uploadId: string } }).data.uploadId
}

const discard = (web: WebHost, query: string) =>
  http(web.port, { method: 'DELETE', path: `/upload?${query}`, headers: authed(web) })

async function call(web: WebHost, channel: string, input: unknown) {
  const reply = await http(web.port, {
    method: 'POST',
    path: `/api/${channel}`,
    headers: { ...authed(web), 'content-type': 'application/json' },
    body: JSON.stringify(input),
  })
  return reply.json() as { ok: boolean; data?: unknown; error?: { code: string } }
}

describe('DELETE /upload (a drop cancelled while uploading)', () => {
  it('deletes a received upload at once: its temp file, its unclaimed bytes, the library temp figure', async () => {
    const library = testLibrary(tempDir())
    host = await startWebHost({ library, rendererDir: tempDir(), port: 0 })
    const kept = await upload(host, fx.jpg)
    const dropped = await upload(host, fx.mp4)
    expect(tempFiles(library)).toHaveLength(2)
    const before = ((await call(host, 'library:info', {})).data as StoredLibraryInfo).bytesOnDisk.temp

    const reply = await discard(host, `id=${dropped}`)
    expect(reply.status).toBe(200)
    expect(reply.json()).toEqual({ ok: true, data: { uploadId: dropped, discarded: true } })
    expect(tempFiles(library)).toHaveLength(1)
    expect(library.uploads.pendingBytes()).toBe(readFileSync(fx.jpg).length)
    const after = ((await call(host, 'library:info', {})).data as StoredLibraryInfo).bytesOnDisk.temp
    expect(before - after).toBe(readFileSync(fx.mp4).length)

    // Gone for good: a second discard finds nothing, and an import of it is refused.
    expect((await discard(host, `id=${dropped}`)).json()).toEqual({
      ok: true,
      data: { uploadId: dropped, discarded: false },
    })
    const refused = await call(host, 'media:import-uploads', { uploads: [{ uploadId: dropped, name: 'clip.mp4' }] })
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_found' } })
    // The other upload is untouched and imports.
    expect(
      await call(host, 'media:import-uploads', { uploads: [{ uploadId: kept, name: 'image.jpg' }] }),
    ).toMatchObject({
      ok: true,
    })
  })

  it('answers a malformed id with a validation error and deletes nothing', async () => {
    const library = testLibrary(tempDir())
    host = await startWebHost({ library, rendererDir: tempDir(), port: 0 })
    await upload(host, fx.jpg)
    for (const query of ['', 'id=not-a-uuid', 'id=../../library.db', 'uploadId=x']) {
      const reply = await discard(host, query)
      expect(reply.status).toBe(400)
      expect(reply.json()).toMatchObject({ ok: false, error: { code: 'validation' } })
    }
    expect(tempFiles(library)).toHaveLength(1)
  })
})
