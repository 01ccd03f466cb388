import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, inject, it, vi } from 'vitest'
import type { LocalLibrary } from '../../main/services/library-context'
import { startEmbeddedPostgres } from '../../main/db/postgres/embedded-postgres'
import { startWebHost, type WebHost } from '../../main/web/web-host'
import { fakeRenderer, startHostCli } from '../helpers/host-cli'
import { http, postChannel } from '../helpers/http'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

// Issue 61 point 5: an upload an import claimed, whose import then failed before its job existed, still waits:
// counted against --max-unclaimed-size, deleted when its expiry comes, and importable again until then.
const fx = inject('fixtures')
let host: WebHost | undefined

afterEach(async () => {
  await host?.close()
  host = undefined
})

const authed = (port: number, token: string) => ({ host: `127.0.0.1:${port}`, authorization: `Bearer ${token}` })
const upload = (port: number, token: string, body: Buffer) =>
  http(port, { method: 'POST', path: '/upload?name=a.jpg', headers: authed(port, token), body })
const importUploads = (port: number, token: string, uploads: Array<{ uploadId: string; name: string }>) =>
  http(port, {
    method: 'POST',
    path: '/api/media:import-uploads',
    headers: { ...authed(port, token), 'content-type': 'application/json' },
    body: JSON.stringify({ uploads }),
  })
const uploadIdOf = (reply: { json(): unknown }) => (reply.json() as { data: { uploadId: string } }).data.uploadId
const tempFiles = (libraryDir: string) => {
  const tmp = path.join(libraryDir, 'tmp')
  return existsSync(tmp) ? readdirSync(tmp) : []
}

describe('an upload whose import failed before its job existed', () => {
  it('is still counted against the cap and deleted when its expiry comes', async () => {
    const jpeg = readFileSync(fx.jpg)
    const library: LocalLibrary = testLibrary(tempDir(), {
      uploads: { maxUnclaimedBytes: jpeg.length * 2 - 1, unclaimedTtlMs: 1_500 },
    })
    host = await startWebHost({ library, rendererDir: tempDir(), port: 0 })
    const { port, token } = host
    const uploadId = uploadIdOf(await upload(port, token, jpeg))
    // The job cannot be made (a disk full, the catalogue away): the import fails after it claimed the upload.
    const start = vi.spyOn(library.jobs, 'start').mockRejectedValueOnce(new Error('database or disk is full'))
    const failed = await importUploads(port, token, [{ uploadId, name: 'a.jpg' }])
    expect(failed.status).toBe(500)
    expect(start).toHaveBeenCalledTimes(1)

    // Still counted: a second upload does not fit beside it; its file is there, and it may be imported again.
    expect(library.uploads.pendingBytes()).toBe(jpeg.length)
    expect((await upload(port, token, jpeg)).status).toBe(413)
    expect(tempFiles(library.dir)).toHaveLength(1)
    // Its expiry kept: it goes when it comes, and with it its share of the cap.
    await vi.waitFor(() => expect(tempFiles(library.dir)).toEqual([]), { timeout: 10_000, interval: 20 })
    expect(library.uploads.pendingBytes()).toBe(0)
    expect((await importUploads(port, token, [{ uploadId, name: 'a.jpg' }])).status).toBe(404)
    expect((await upload(port, token, jpeg)).status).toBe(200)
  })

  it('on a hub whose catalogue is away: refused 503, still counted, and imported once the catalogue is back', async () => {
    const jpeg = readFileSync(fx.jpg)
    const server = await startEmbeddedPostgres({ dir: tempDir() })
    try {
      const data = tempDir()
      const hub = await startHostCli('main/hub/hub-cli.ts', [
        ...['--data', data, '--database', server.url, '--port', '0', '--workers', '0'],
        ...['--renderer', fakeRenderer(), '--max-unclaimed-size', String(jpeg.length * 2 - 1)],
      ])
      const { port, token } = hub
      const uploadId = uploadIdOf(await upload(port, token, jpeg))

      await server.stop()
      // Refused before its claim (the hub knows the catalogue is away) or after it (the job could not be made).
      const failed = await importUploads(port, token, [{ uploadId, name: 'a.jpg' }])
      expect(failed.status).toBe(503)
      expect(failed.json()).toMatchObject({ ok: false, error: { code: 'unavailable' } })
      await server.restart()
      const tags = () => postChannel(port, token, 'tags:list', {})
      await vi.waitFor(async () => expect((await tags()).status).toBe(200), {
        timeout: 30_000,
        interval: 200,
      })
      // Still counted against --max-unclaimed-size: a second copy does not fit beside it.
      expect((await upload(port, token, jpeg)).status).toBe(413)
      const again = await importUploads(port, token, [{ uploadId, name: 'a.jpg' }])
      expect(again.status).toBe(200)
      // Claimed for good now: its share of the cap is free once the import has it.
      await vi.waitFor(async () => expect((await upload(port, token, jpeg)).status).toBe(200), {
        timeout: 30_000,
        interval: 200,
      })
    } finally {
      await server.stop()
    }
  }, 90_000)
})
