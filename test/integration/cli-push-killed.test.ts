import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openLibrary } from '../../main/app/open-library'
import { resolveMediaTools } from '../../main/media/media-tools'
import { cli } from '../helpers/cli'
import { fakeRenderer, startHostCli, stopChild, type StartedHost } from '../helpers/host-cli'
import { http } from '../helpers/http'
import { importAndWait } from '../helpers/ingest'
import { until } from '../helpers/hub-workers'
import { tempDir } from '../helpers/temp-dir'

// Issue 61 point 7, with real processes: a push cut off by a hub killed mid-page, taken again after a restart. The
// files the hub received whole (and part of the one it was receiving) are not sent again: the bytes the second push
// sends are counted on the wire, by a proxy between the command and the hub. Before, the hub threw away the files it
// had received whole but not imported, and the push sent them again (31 files, 21 MB).
const FILES = 24

/** `count` PNGs of noise (about 100 KB each, none alike) in a fresh folder: their paths. */
function noiseImages(count: number): string[] {
  const dir = path.join(tempDir(), 'noise')
  mkdirSync(dir)
  const pattern = `nullsrc=s=320x240:r=25:d=${count / 25},geq=random(1)*255:128:128`
  execFileSync(resolveMediaTools().ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', pattern, path.join(dir, 'n%03d.png')])
  return readdirSync(dir).map((name) => path.join(dir, name))
}

/** An HTTP proxy to the host at 127.0.0.1:`port` (naming it as its Host) that counts the body bytes sent through it. */
async function countingProxy(port: number): Promise<{ port: number; sent: () => number }> {
  let sent = 0
  const server = createServer((req, res) => {
    const headers = { ...req.headers, host: `127.0.0.1:${port}` }
    const upstream = request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers }, (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.headers)
      reply.pipe(res)
      reply.on('error', () => res.destroy())
    })
    upstream.on('error', () => res.destroy())
    req.on('data', (chunk: Buffer) => (sent += chunk.length))
    req.on('error', () => upstream.destroy())
    req.pipe(upstream)
  })
  proxies.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { port: (server.address() as AddressInfo).port, sent: () => sent }
}
const proxies: Server[] = []
afterEach(() => {
  for (const server of proxies.splice(0)) server.close().closeAllConnections()
})

/** How many bytes of a content `hub` holds as a resumable upload (GET /upload?sha256=). */
async function heldBytes(hub: StartedHost, sha256: string): Promise<number> {
  const reply = await http(hub.port, {
    path: `/upload?sha256=${sha256}`,
    headers: { host: `127.0.0.1:${hub.port}`, authorization: `Bearer ${hub.token}` },
  })
  expect(reply.status, reply.text).toBe(200)
  return (reply.json() as { data: { received: number } }).data.received
}

describe('push across a hub killed mid-page', () => {
  it('goes on from what the hub kept: no file it received whole is sent again', async () => {
    const source = tempDir()
    const files = noiseImages(FILES)
    const local = openLibrary(source)
    await importAndWait(local, files)
    await local.close()
    const contents = files.map((file) => {
      const bytes = readFileSync(file)
      return { size: bytes.length, sha256: `sha256:${createHash('sha256').update(bytes).digest('hex')}` }
    })
    const total = contents.reduce((sum, { size }) => sum + size, 0)
    const data = tempDir()
    const start = () =>
      startHostCli('main/hub/hub-cli.ts', ['--data', data, '--port', '0', '--renderer', fakeRenderer()])
    const push = (hub: StartedHost, proxyPort: number) =>
      cli(['push', '--library', source, '--hub', `http://127.0.0.1:${proxyPort}`, '--token', hub.token])

    // Killed once about half the files' bytes went up: the page's import has not begun.
    const first = await start()
    const firstProxy = await countingProxy(first.port)
    const cut = push(first, firstProxy.port)
    let ended: unknown
    void cut.then((result) => (ended = result))
    await until(async () => firstProxy.sent() >= total / 2, 120_000).catch(() => {
      throw new Error(`${firstProxy.sent()} of ${total} bytes went up; the push ended: ${JSON.stringify(ended)}`)
    })
    first.child.kill('SIGKILL')
    const failed = await cut
    expect(failed.code, failed.stderr).toBe(1)
    expect(failed.stderr).toContain('No answer from')

    const second = await start()
    const held = await Promise.all(contents.map(({ sha256 }) => heldBytes(second, sha256)))
    const wholeHeld = held.filter((bytes, index) => bytes === contents[index]!.size).length
    expect(wholeHeld).toBeGreaterThan(0)
    const secondProxy = await countingProxy(second.port)
    const done = await push(second, secondProxy.port)
    expect(done.code, done.stderr).toBe(0)

    // What the second push sent: the bytes the hub did not hold, and requests' words (far less than any file).
    const unheld = contents.reduce((sum, { size }, index) => sum + size - held[index]!, 0)
    const smallest = Math.min(...contents.map(({ size }) => size))
    const sentAgain = secondProxy.sent()
    expect(sentAgain).toBeGreaterThanOrEqual(unheld)
    expect(sentAgain - unheld).toBeLessThan(smallest / 2)
    console.log(
      `push across a killed hub: ${wholeHeld}/${FILES} files held whole, the second push sent ` +
        `${(sentAgain / 1e6).toFixed(2)} MB for ${(unheld / 1e6).toFixed(2)} MB not held (of ${(total / 1e6).toFixed(2)} MB)`,
    )
    await stopChild(second.child)
  }, 300_000)
})
