import path from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LocalLibrary } from '../../main/services/library-context'
import { remoteBackend } from '../../main/cli/remote-backend'
import { startWebHost, type WebHost } from '../../main/web/web-host'
import { randomSequence } from '../bench/synthetic-assets'
import { syntheticAsset } from '../helpers/assets'
import { http } from '../helpers/http'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

// Issue 63 point 3: API answers above a few KB go compressed to a client that accepts it (br, else gzip).
let library: LocalLibrary
let host: WebHost

beforeEach(async () => {
  library = testLibrary(path.join(tempDir(), 'library'))
  const random = randomSequence(7)
  await library.catalog.transaction(async ({ media }) => {
    for (let index = 0; index < 200; index++) await media.insert(syntheticAsset(index, random))
  })
  host = await startWebHost({ library, rendererDir: tempDir(), port: 0 })
})

afterEach(async () => {
  await host.close()
})

const call = (channel: string, input: unknown, acceptEncoding?: string) =>
  http(host.port, {
    method: 'POST',
    path: `/api/${channel}`,
    headers: {
      host: `127.0.0.1:${host.port}`,
      authorization: `Bearer ${host.token}`,
      'content-type': 'application/json',
      ...(acceptEncoding && { 'accept-encoding': acceptEncoding }),
    },
    body: JSON.stringify(input),
  })

describe('API answers', () => {
  it('go in br, or gzip, when the client accepts it, and decompress to the answer sent plain', async () => {
    const plain = await call('media:list', { limit: 200 }, 'identity')
    expect(plain.headers['content-encoding']).toBeUndefined()
    const page = plain.json() as { ok: boolean; data: { items: unknown[] } }
    expect(page.data.items).toHaveLength(200)

    const br = await call('media:list', { limit: 200 }, 'gzip, deflate, br')
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers.vary).toBe('accept-encoding')
    expect(Number(br.headers['content-length'])).toBe(br.bytes.length)
    expect(JSON.parse(brotliDecompressSync(br.bytes).toString('utf8'))).toEqual(page)

    const gzip = await call('media:list', { limit: 200 }, 'gzip, deflate')
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(JSON.parse(gunzipSync(gzip.bytes).toString('utf8'))).toEqual(page)
    expect(br.bytes.length).toBeLessThan(plain.bytes.length / 3)
  })

  it('of a few hundred bytes go plain, whatever the client accepts', async () => {
    const small = await call('media:list', { limit: 1 }, 'br')
    expect(small.headers['content-encoding']).toBeUndefined()
    expect((small.json() as { ok: boolean }).ok).toBe(true)
  })

  it('reach the CLI’s client whole (it accepts gzip)', async () => {
    const { items } = await remoteBackend(`http://127.0.0.1:${host.port}`, host.token).call('media:list', {
      limit: 200,
    })
    expect(items).toHaveLength(200)
  })
})
