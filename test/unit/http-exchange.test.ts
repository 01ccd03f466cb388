import { createServer, type Server } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { httpExchange } from '../../main/cli/http-exchange'

let server: Server | undefined
afterEach(async () => {
  await stop()
})

async function stop(): Promise<void> {
  const stopping = server
  server = undefined
  if (stopping) await new Promise((resolve) => stopping.close(resolve))
}

/** A host that answers each request with `text` in the encoding its path names, echoing what it was sent. */
async function host(text: string): Promise<URL> {
  server = createServer((req, res) => {
    let sent = ''
    req.on('data', (chunk: Buffer) => (sent += String(chunk)))
    req.on('end', () => {
      const body = Buffer.from(JSON.stringify({ text, sent, accepts: req.headers['accept-encoding'] }))
      const encoding = req.url!.slice(1)
      const bytes = encoding === 'br' ? brotliCompressSync(body) : encoding === 'gzip' ? gzipSync(body) : body
      res.writeHead(201, encoding ? { 'content-encoding': encoding } : {}).end(bytes)
    })
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return new URL(`http://127.0.0.1:${(server!.address() as { port: number }).port}/`)
}

describe('httpExchange', () => {
  it('asks for br or gzip and reads a reply in either, or plain, small and large, with its status', async () => {
    const exchange = httpExchange(false)
    for (const length of [100, 2_000_000]) {
      const text = 'frame '.repeat(length / 6)
      const base = await host(text)
      for (const encoding of ['br', 'gzip', '']) {
        const reply = await exchange(new URL(encoding, base), 'POST', {}, '{"limit":200}')
        expect(reply.status).toBe(201)
        expect(JSON.parse(reply.text)).toEqual({ text, sent: '{"limit":200}', accepts: 'br, gzip' })
      }
      await stop()
    }
  })

  it('rejects with the connection’s error when nothing answers', async () => {
    await expect(httpExchange(false)(new URL('http://127.0.0.1:9/'), 'GET', {}, undefined)).rejects.toThrow(
      /ECONNREFUSED/,
    )
  })
})
