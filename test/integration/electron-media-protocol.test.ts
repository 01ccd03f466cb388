import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import type { LocalLibrary } from '../../main/services/library-context'
import { openLibrary } from '../../main/app/open-library'
import { importAndWait, itemFor } from '../helpers/ingest'
import { openDescriptorsOn } from '../helpers/open-files'

// Electron cannot run here: protocol records what the app:// handler is, so real Requests can be put to it.
const electron = vi.hoisted(() => ({
  schemes: [] as unknown[],
  handler: undefined as undefined | ((request: Request) => Promise<Response>),
}))
vi.mock('electron', () => ({
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => electron.schemes.push(...schemes),
    handle: (_scheme: string, handler: (request: Request) => Promise<Response>) => (electron.handler = handler),
  },
  net: { fetch: () => Promise.reject(new Error('net.fetch is not used for media')) },
}))

const { registerRendererScheme, serveRenderer } = await import('../../main/electron/renderer-protocol')

const fx = inject('fixtures')
let dir: string
let library: LocalLibrary
let id: string
let bytes: Buffer

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'framevault-app-protocol-'))
  library = openLibrary(path.join(dir, 'library'))
  const { items } = await importAndWait(library, [fx.longClip])
  id = itemFor(items, fx.longClip).asset!.id
  bytes = readFileSync((await library.catalog.repos.media.get(id))!.filePath)
  serveRenderer(path.join(dir, 'renderer'), library)
}, 120_000)
afterAll(async () => {
  await library.close()
  rmSync(dir, { recursive: true, force: true })
})

const ask = (url: string, init: RequestInit = {}) => electron.handler!(new Request(url, init))
const fileUrl = (asset = id) => `app://renderer/media/files/${asset}`

describe('app://renderer/media/files/<id>', () => {
  it('registers app:// as a streaming scheme, which <video> needs', () => {
    registerRendererScheme()
    expect(electron.schemes).toContainEqual({
      scheme: 'app',
      privileges: expect.objectContaining({ standard: true, secure: true, stream: true }),
    })
  })

  it('answers a seek to 80% with 206 and exactly those bytes', async () => {
    const at = Math.floor(bytes.length * 0.8)
    const reply = await ask(fileUrl(), { headers: { range: `bytes=${at}-` } })
    expect(reply.status).toBe(206)
    expect(reply.headers.get('content-range')).toBe(`bytes ${at}-${bytes.length - 1}/${bytes.length}`)
    expect(reply.headers.get('content-type')).toBe('video/mp4')
    expect(reply.headers.get('accept-ranges')).toBe('bytes')
    expect(Buffer.from(await reply.arrayBuffer()).equals(bytes.subarray(at))).toBe(true)
  })

  it('answers the first and last byte, the whole file, 416 past the end, and HEAD without a body', async () => {
    const first = await ask(fileUrl(), { headers: { range: 'bytes=0-0' } })
    expect(Buffer.from(await first.arrayBuffer())).toEqual(bytes.subarray(0, 1))
    const last = await ask(fileUrl(), { headers: { range: `bytes=-1` } })
    expect(last.headers.get('content-range')).toBe(`bytes ${bytes.length - 1}-${bytes.length - 1}/${bytes.length}`)
    expect(Buffer.from(await last.arrayBuffer())).toEqual(bytes.subarray(-1))
    const whole = await ask(fileUrl())
    expect(whole.status).toBe(200)
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true)
    const past = await ask(fileUrl(), { headers: { range: `bytes=${bytes.length}-` } })
    expect(past.status).toBe(416)
    expect(past.headers.get('content-range')).toBe(`bytes */${bytes.length}`)
    const head = await ask(fileUrl(), { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-length')).toBe(String(bytes.length))
    expect(head.body).toBeNull()
  })

  it('answers an unknown id, another host and other methods with a typed 404', async () => {
    const unknown = await ask(fileUrl('0123456789abcdef'))
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toMatchObject({ ok: false, error: { code: 'not_found' } })
    expect((await ask(`app://elsewhere/media/files/${id}`)).status).toBe(404)
    expect((await ask(fileUrl(), { method: 'POST', body: 'x' })).status).toBe(404)
  })

  it('closes the file after HEAD and 416, and when the page cancels the body mid-stream', async () => {
    const big = path.join(dir, 'big.mp4')
    writeFileSync(big, '')
    truncateSync(big, 512 * 1024 ** 2)
    library.sqlite.db
      .prepare("INSERT INTO videos (id, name, file_path, storage) VALUES ('b1600000000000ff', 'big', ?, 'link')")
      .run(big)
    await ask(fileUrl('b1600000000000ff'), { method: 'HEAD' })
    await ask(fileUrl('b1600000000000ff'), { headers: { range: `bytes=${512 * 1024 ** 2}-` } })
    await vi.waitFor(() => expect(openDescriptorsOn(big)).toBe(0))
    const reply = await ask(fileUrl('b1600000000000ff'))
    const reader = reply.body!.getReader()
    expect((await reader.read()).value!.length).toBeGreaterThan(0)
    expect(openDescriptorsOn(big)).toBe(1)
    await reader.cancel()
    await vi.waitFor(() => expect(openDescriptorsOn(big)).toBe(0))
  })

  it('still serves thumbnails, through the same reply', async () => {
    const poster = await ask(`app://renderer/media/thumbs/${id}/poster.jpg`, { headers: { range: 'bytes=0-1' } })
    expect(poster.status).toBe(206)
    expect(poster.headers.get('content-type')).toBe('image/jpeg')
    expect(Buffer.from(await poster.arrayBuffer())).toEqual(Buffer.from([0xff, 0xd8]))
  })
})
