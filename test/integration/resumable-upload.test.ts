import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, inject, it } from 'vitest'
import type { Library } from '../../main/services/library-context'
import { openLibrary } from '../../main/app/open-library'
import { remoteBackend } from '../../main/cli/remote-backend'
import { assetBytesFile } from '../../main/storage/asset-bytes'
import { startWebHost, type WebHost } from '../../main/web/web-host'
import { call } from '../helpers/browse'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')
const TOKEN = 'resumable-upload-test-token-0123456789'
const MIB = 1024 * 1024

const closing: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close()
})

async function servedLibrary(): Promise<{ lib: Library; base: string }> {
  return servedLibraryIn(tempDir())
}

/** The library in `dir` served over HTTP; `close` stops both (as a hub's restart does), else the test's end does. */
async function servedLibraryIn(dir: string): Promise<{ lib: Library; base: string; close(): Promise<void> }> {
  const lib = openLibrary(dir)
  const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'framevault-no-renderer-'))
  const host: WebHost = await startWebHost({ library: lib, rendererDir, token: TOKEN })
  let closed = false
  const close = async () => {
    if (closed) return
    closed = true
    await host.close()
    await lib.close()
  }
  closing.push(close)
  return { lib, base: `http://127.0.0.1:${host.port}`, close }
}

/** A file of random bytes and its content hash. */
function randomFile(bytes: number): { file: string; sha256: string } {
  const file = path.join(tempDir(), 'noise.bin')
  const data = randomBytes(bytes)
  writeFileSync(file, data)
  return { file, sha256: `sha256:${createHash('sha256').update(data).digest('hex')}` }
}

const auth = { authorization: `Bearer ${TOKEN}` }
const resumableUrl = (base: string, sha256: string, offset: number, size: number) =>
  `${base}/upload?name=clip.mp4&sha256=${sha256}&offset=${offset}&size=${size}`

/** What `GET /upload?sha256=` answers: the bytes held, and the upload to import once they are all there. */
async function probe(base: string, sha256: string): Promise<{ received: number; uploadId?: string }> {
  const response = await fetch(`${base}/upload?sha256=${sha256}`, { headers: auth })
  return ((await response.json()) as { data: { received: number; uploadId?: string } }).data
}

const held = async (base: string, sha256: string): Promise<number> => (await probe(base, sha256)).received

/** Sends the first `bytes` of a file as a resumable upload, then drops the connection (a push killed midway). */
async function cutOff(base: string, file: string, sha256: string, bytes: number): Promise<number> {
  const data = readFileSync(file)
  const url = new URL(resumableUrl(base, sha256, 0, data.length))
  const req = request(url, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/octet-stream', 'content-length': String(data.length) },
  })
  req.on('error', () => undefined)
  req.write(data.subarray(0, bytes))
  await sleep(300)
  req.destroy()
  // What the host holds once it has seen the connection go: the same twice in a row.
  let last = -1
  for (let tries = 0; tries < 50; tries++) {
    await sleep(100)
    const now = await held(base, sha256)
    if (now === last && now > 0) return now
    last = now
  }
  throw new Error(`the host held ${last} bytes and kept changing`)
}

describe('resumable uploads (POST /upload with sha256, offset and size)', () => {
  it('keep what a cut-off upload sent; the rest goes from there, checked whole, and imports as the file', async () => {
    const { lib, base } = await servedLibrary()
    const file = fixtures.mp4
    const size = statSync(file).size
    const sha256 = `sha256:${createHash('sha256').update(readFileSync(file)).digest('hex')}`
    const kept = await cutOff(base, file, sha256, Math.floor(size / 3))
    expect(kept).toBeGreaterThan(0)
    expect(kept).toBeLessThanOrEqual(Math.floor(size / 3))
    // Sent from another byte than the host holds: refused, naming where to go on from.
    const wrong = await fetch(resumableUrl(base, sha256, 0, size), { method: 'POST', headers: auth, body: 'x' })
    expect(wrong.status).toBe(409)
    expect(await wrong.text()).toContain(`send from byte ${kept}`)

    const upload = await remoteBackend(base, TOKEN).upload(file, 'clip.mp4', sha256)
    // Whole now: the host says so, naming the upload that imports it.
    expect(await probe(base, sha256)).toEqual({ received: size, uploadId: upload.uploadId })
    const { job } = await call<{ job: { id: string } }>(lib, 'media:import-uploads', { uploads: [upload] })
    await lib.jobs.settled(job.id)
    expect(await probe(base, sha256)).toEqual({ received: 0 })
    const [asset] = (
      await call<{ items: Array<{ id: string; fileHash: string }> }>(lib, 'media:list', { view: 'full' })
    ).items
    expect(asset!.fileHash).toBe(sha256)
    const stored = await assetBytesFile(lib, (await lib.catalog.repos.media.fileOf(asset!.id))!)
    expect(readFileSync(stored).equals(readFileSync(file))).toBe(true)
  })

  it('take a file in parts, answering the bytes held until the last; other bytes than the content are refused', async () => {
    const { base } = await servedLibrary()
    const { file, sha256 } = randomFile(2 * MIB)
    const data = readFileSync(file)
    const first = await fetch(resumableUrl(base, sha256, 0, data.length), {
      method: 'POST',
      headers: auth,
      body: data.subarray(0, MIB),
    })
    expect(((await first.json()) as { data: unknown }).data).toEqual({ received: MIB })
    const last = await fetch(resumableUrl(base, sha256, MIB, data.length), {
      method: 'POST',
      headers: auth,
      body: data.subarray(MIB),
    })
    const whole = ((await last.json()) as { data: { uploadId: string; sha256: string; size: number } }).data
    expect(whole).toMatchObject({ sha256, size: data.length })

    const other = randomFile(MIB)
    const forged = await fetch(resumableUrl(base, sha256, 0, MIB), {
      method: 'POST',
      headers: auth,
      body: readFileSync(other.file),
    })
    expect(forged.status).toBe(400)
    expect(await forged.text()).toContain(`are not the content ${sha256}`)
    // The forgery dropped its own bytes, not the upload received whole before it.
    expect(await probe(base, sha256)).toEqual({ received: data.length, uploadId: whole.uploadId })
  })

  // Issue 61 point 7: a push cut off after the hub received a file whole, before its import, does not send it again.
  it('keep a file received whole until an import takes it, across a restart: the sender imports it unsent', async () => {
    const dir = tempDir()
    const first = await servedLibraryIn(dir)
    const { file, sha256 } = randomFile(MIB)
    const sent = await remoteBackend(first.base, TOKEN).upload(file, 'noise.bin', sha256)
    await first.close()

    const again = await servedLibraryIn(dir)
    const { received, uploadId } = await probe(again.base, sha256)
    expect(received).toBe(MIB)
    expect(uploadId).toEqual(expect.any(String))
    expect(uploadId).not.toBe(sent.uploadId)
    // The sender's next try asks first and gets that upload; the host receives no byte of it.
    const pendingBefore = again.lib.uploads.pendingBytes()
    const upload = await remoteBackend(again.base, TOKEN).upload(file, 'clip.mp4', sha256)
    expect(upload).toEqual({ uploadId, name: 'clip.mp4' })
    expect(again.lib.uploads.pendingBytes()).toBe(pendingBefore)
    expect(await probe(again.base, sha256)).toEqual({ received: MIB, uploadId })
  })
})
