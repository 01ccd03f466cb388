import { execFileSync } from 'node:child_process'
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import type { LocalLibrary } from '../../main/services/library-context'
import { openLibrary } from '../../main/app/open-library'
import { startWebHost, type WebHost } from '../../main/web/web-host'
import { request } from 'node:http'
import { http } from '../helpers/http'
import { importAndWait, itemFor } from '../helpers/ingest'
import { openDescriptorsOn } from '../helpers/open-files'

const fx = inject('fixtures')
let dir: string
let library: LocalLibrary
let host: WebHost
const ids: Record<string, string> = {}

// One library for the file: importing (and making thumbnails) once keeps the CPU for the checks.
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'framevault-range-'))
  library = openLibrary(path.join(dir, 'library'))
  host = await startWebHost({ library, rendererDir: path.join(dir, 'renderer'), port: 0 })
  const copied = { mp4: fx.mp4, long: fx.longClip, webm: fx.webm, mov: fx.mov, mkv: fx.mkv, png: fx.png, jpg: fx.jpg }
  const more = { rotated: fx.rotated, doomed: fx.collisionB }
  const { items } = await importAndWait(library, [...Object.values(copied), ...Object.values(more)])
  for (const [key, file] of Object.entries({ ...copied, ...more })) ids[key] = itemFor(items, file).asset!.id
  const linkedSource = path.join(dir, 'outside', 'linked clip.mp4')
  mkdirSync(path.dirname(linkedSource))
  copyFileSync(fx.collisionA, linkedSource)
  const linked = await importAndWait(library, [linkedSource], true)
  ids.linked = itemFor(linked.items, linkedSource).asset!.id
}, 120_000)
afterAll(async () => {
  await host.close()
  await library.close()
  rmSync(dir, { recursive: true, force: true })
})

const auth = () => ({ host: `127.0.0.1:${host.port}`, authorization: `Bearer ${host.token}` })
const media = (id: string, headers: Record<string, string> = {}, method = 'GET') =>
  http(host.port, { method, path: `/media/files/${id}`, headers: { ...auth(), ...headers } })
const fileOf = async (id: string) => (await library.catalog.repos.media.get(id))!.filePath
const addRow = (id: string, filePath: string, storage: 'copy' | 'link') =>
  library.sqlite.db
    .prepare('INSERT INTO videos (id, name, file_path, storage) VALUES (?, ?, ?, ?)')
    .run(id, id, filePath, storage)

describe('GET /media/files/<id> with Range', () => {
  it('sends the whole file without Range, with its type and the range headers', async () => {
    const bytes = readFileSync(await fileOf(ids.mp4!))
    const reply = await media(ids.mp4!)
    expect(reply.status).toBe(200)
    expect(reply.bytes.equals(bytes)).toBe(true)
    expect(reply.headers).toMatchObject({
      'content-type': 'video/mp4',
      'content-length': String(bytes.length),
      'accept-ranges': 'bytes',
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-cache',
    })
    expect(reply.headers['content-range']).toBeUndefined()
  })

  it('answers the first byte, the last byte, a suffix and an open range with 206 and those bytes', async () => {
    const bytes = readFileSync(await fileOf(ids.mp4!))
    const n = bytes.length
    const cases: Array<[string, number, number]> = [
      ['bytes=0-0', 0, 0],
      [`bytes=${n - 1}-${n - 1}`, n - 1, n - 1],
      ['bytes=-500', n - 500, n - 1],
      [`bytes=-${n * 2}`, 0, n - 1],
      [`bytes=${n - 1000}-`, n - 1000, n - 1],
      [`bytes=100-${n + 5000}`, 100, n - 1],
    ]
    for (const [range, start, end] of cases) {
      const reply = await media(ids.mp4!, { range })
      expect(reply.status, range).toBe(206)
      expect(reply.headers['content-range'], range).toBe(`bytes ${start}-${end}/${n}`)
      expect(reply.headers['content-length'], range).toBe(String(end - start + 1))
      expect(reply.bytes.equals(bytes.subarray(start, end + 1)), range).toBe(true)
    }
  })

  it('seeks to 80% of a long clip with a 206 of the rest of the file', async () => {
    const bytes = readFileSync(await fileOf(ids.long!))
    const at = Math.floor(bytes.length * 0.8)
    const reply = await media(ids.long!, { range: `bytes=${at}-` })
    expect(reply.status).toBe(206)
    expect(reply.headers['content-range']).toBe(`bytes ${at}-${bytes.length - 1}/${bytes.length}`)
    expect(reply.bytes.equals(bytes.subarray(at))).toBe(true)
  })

  it('answers 416 with bytes */N past the end, and the whole file for malformed or multiple ranges', async () => {
    const bytes = readFileSync(await fileOf(ids.mp4!))
    const past = await media(ids.mp4!, { range: `bytes=${bytes.length}-` })
    expect(past.status).toBe(416)
    expect(past.headers['content-range']).toBe(`bytes */${bytes.length}`)
    expect(past.bytes.length).toBe(0)
    for (const range of ['bytes=0-9,20-29', 'bytes=', 'bytes=9-1', 'pages=1-2']) {
      const reply = await media(ids.mp4!, { range })
      expect(reply.status, range).toBe(200)
      expect(reply.bytes.equals(bytes), range).toBe(true)
    }
  })

  it('answers HEAD with the headers of a GET and no body', async () => {
    const size = readFileSync(await fileOf(ids.long!)).length
    const reply = await media(ids.long!, { range: 'bytes=0-9' }, 'HEAD')
    expect(reply.status).toBe(200)
    expect(reply.headers).toMatchObject({ 'content-length': String(size), 'accept-ranges': 'bytes' })
    expect(reply.bytes.length).toBe(0)
  })

  it('names each container and image type', async () => {
    const expected = {
      webm: 'video/webm',
      mov: 'video/quicktime',
      mkv: 'video/x-matroska',
      png: 'image/png',
      jpg: 'image/jpeg',
    }
    for (const [key, type] of Object.entries(expected)) {
      const reply = await media(ids[key]!, { range: 'bytes=0-3' })
      expect(reply.status, key).toBe(206)
      expect(reply.headers['content-type'], key).toBe(type)
      expect(reply.bytes.equals(readFileSync(await fileOf(ids[key]!)).subarray(0, 4)), key).toBe(true)
    }
  })

  it('serves a linked asset from where the user keeps it', async () => {
    const file = await fileOf(ids.linked!)
    expect(file.startsWith(library.dir)).toBe(false)
    const bytes = readFileSync(file)
    const reply = await media(ids.linked!, { range: 'bytes=-100' })
    expect(reply.status).toBe(206)
    expect(reply.bytes.equals(bytes.subarray(-100))).toBe(true)
  })

  it('answers 404 for an unknown id or a deleted file, and keeps answering', async () => {
    const unknown = await media('0123456789abcdef')
    expect(unknown.status).toBe(404)
    expect(unknown.json()).toMatchObject({ ok: false, error: { code: 'not_found' } })
    rmSync(await fileOf(ids.doomed!))
    const gone = await media(ids.doomed!, { range: 'bytes=0-9' })
    expect(gone.status).toBe(404)
    expect(gone.json()).toMatchObject({ ok: false, error: { code: 'not_found' } })
    expect((await media(ids.mp4!, { range: 'bytes=0-0' })).status).toBe(206)
  })

  it("never serves a file outside the library for a copied asset's row, nor through a symlink leading out", async () => {
    const outside = path.join(dir, 'outside', 'secret.mp4')
    copyFileSync(fx.mp4, outside)
    const original = await fileOf(ids.rotated!)
    const setPath = (filePath: string) =>
      library.sqlite.db.prepare('UPDATE videos SET file_path = ? WHERE id = ?').run(filePath, ids.rotated)
    // A copy is read by its object key: a recorded path that leads out changes nothing.
    setPath(outside)
    const own = await media(ids.rotated!)
    expect(own.status).toBe(200)
    expect(own.bytes.equals(readFileSync(original))).toBe(true)
    // A copied row that records its path alone (no key: rows other tools write) may not lead out either.
    const setKey = library.sqlite.db.prepare<[string | null, string]>('UPDATE videos SET object_key = ? WHERE id = ?')
    const key = (await library.catalog.repos.media.fileOf(ids.rotated!))!.objectKey
    setKey.run(null, ids.rotated!)
    const refused = await media(ids.rotated!)
    expect(refused.status).toBe(403)
    expect(refused.json()).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    setKey.run(key, ids.rotated!)
    setPath(original)
    rmSync(original)
    symlinkSync(outside, original)
    expect((await media(ids.rotated!)).status).toBe(403)
  })

  it('refuses a linked path that is not a regular file (a FIFO must not hang the host)', async () => {
    const fifo = path.join(dir, 'outside', 'pipe.mp4')
    execFileSync('mkfifo', [fifo])
    addRow('f1f0f1f0f1f0f1f0', fifo, 'link')
    const reply = await media('f1f0f1f0f1f0f1f0')
    expect(reply.status).toBe(403)
    expect(reply.json()).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })

  it('closes the file after HEAD, 416, a whole reply, and a client that leaves mid-stream', async () => {
    const file = await fileOf(ids.long!)
    await media(ids.long!, {}, 'HEAD')
    await media(ids.long!, { range: 'bytes=999999999-' })
    await media(ids.long!, { range: 'bytes=0-' })
    expect(openDescriptorsOn(file)).toBe(0)
    // 512 MiB cannot sit in socket buffers: leaving after the first chunk is leaving mid-stream.
    const big = path.join(library.dir, 'media', 'videos', 'ab', 'ab0e7000000000000.mp4')
    mkdirSync(path.dirname(big), { recursive: true })
    writeFileSync(big, '')
    truncateSync(big, 512 * 1024 ** 2)
    addRow('ab0e700000000000', big, 'copy')
    await new Promise<void>((resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port: host.port,
        path: '/media/files/ab0e700000000000',
        headers: auth(),
      })
      req.on('response', (res) => {
        res.once('data', () => {
          expect(openDescriptorsOn(big)).toBe(1)
          req.destroy()
          resolve()
        })
      })
      req.on('error', (error) => (req.destroyed ? undefined : reject(error)))
      req.end()
    })
    await vi.waitFor(() => expect(openDescriptorsOn(big)).toBe(0))
    expect((await media(ids.long!, { range: 'bytes=0-0' })).status).toBe(206)
  })

  it('requires the secret like every route', async () => {
    const reply = await http(host.port, {
      path: `/media/files/${ids.mp4}`,
      headers: { host: `127.0.0.1:${host.port}` },
    })
    expect(reply.status).toBe(401)
  })

  it('serves 1 MiB from the end of a 2 GiB sparse file without reading the rest', async () => {
    const sparse = path.join(library.dir, 'media', 'videos', '5p', '5parse0000000000.mp4')
    mkdirSync(path.dirname(sparse), { recursive: true })
    const size = 2 * 1024 ** 3
    const tail = Buffer.alloc(1024 ** 2, 'end of a big file ')
    writeFileSync(sparse, 'start')
    truncateSync(sparse, size)
    const handle = openSync(sparse, 'r+')
    writeSync(handle, tail, 0, tail.length, size - tail.length)
    closeSync(handle)
    addRow('5parse0000000000', sparse, 'copy')
    const readBefore = bytesReadByProcess()
    const reply = await media('5parse0000000000', { range: `bytes=-${1024 ** 2}` })
    const read = bytesReadByProcess() - readBefore
    expect(reply.status).toBe(206)
    expect(reply.headers['content-range']).toBe(`bytes ${size - tail.length}-${size - 1}/${size}`)
    expect(reply.bytes.equals(tail)).toBe(true)
    // The file and the socket each carry 1 MiB; reading the file whole would be 2 GiB.
    if (existsSync('/proc/self/io')) expect(read).toBeLessThan(32 * 1024 ** 2)
  })
})

/** Bytes this process has read by read(2)-like calls (Linux), page cache and holes included. */
function bytesReadByProcess(): number {
  if (!existsSync('/proc/self/io')) return 0
  return Number(/^rchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))![1])
}
