import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { checkServer } from '../../main/comfy/comfy-client'
import { fakeComfy } from '../helpers/comfy'

const servers: Server[] = []

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

/** A plain HTTP server on a free port of 127.0.0.1, closed after the test. */
async function httpServer(listener: RequestListener): Promise<string> {
  const server = createServer(listener)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** A port nothing listens on (taken from the OS, then let go). */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

const failureOf = (baseUrl: string, timeoutMs?: number) =>
  checkServer(baseUrl, { timeoutMs }).then(
    () => null,
    (error: unknown) => error as { failure: string; message: string },
  )

describe('checkServer', () => {
  it('reads what the fake ComfyUI reports', async () => {
    const fake = await fakeComfy()
    expect(await checkServer(`${fake.url}/`)).toEqual({
      version: '0.3.60-framevault-fake',
      os: 'posix',
      pythonVersion: '3.12.3 (fake)',
      pytorchVersion: '2.8.0+cpu',
      devices: [{ name: 'cpu', type: 'cpu', vramTotal: 0, vramFree: 0 }],
    })
  })

  it('says in words that nothing listens on a closed port', async () => {
    const port = await closedPort()
    expect(await failureOf(`http://127.0.0.1:${port}`)).toMatchObject({
      failure: 'refused',
      message: `ComfyUI at http://127.0.0.1:${port} refused the connection: nothing is listening on port ${port} (is ComfyUI running, and on this port?).`,
    })
  })

  it('says a web server that is not ComfyUI is not ComfyUI', async () => {
    const html = await httpServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>NAS</h1>'),
    )
    expect(await failureOf(html)).toEqual(
      expect.objectContaining({
        failure: 'not-comfy',
        message: `${html} answers, but it is not ComfyUI: /system_stats is not JSON.`,
      }),
    )
    const missing = await httpServer((_req, res) => res.writeHead(404).end('Not Found'))
    expect(await failureOf(missing)).toMatchObject({
      failure: 'not-comfy',
      message: `${missing} answers, but it is not ComfyUI: it has no /system_stats (HTTP 404).`,
    })
    const otherJson = await httpServer((_req, res) => res.writeHead(200).end('{"status": "ok"}'))
    expect(await failureOf(otherJson)).toMatchObject({
      failure: 'not-comfy',
      message: `${otherJson} answers, but it is not ComfyUI: /system_stats lacks the "system" and "devices" ComfyUI reports.`,
    })
  })

  it('gives up on a server that does not answer, within the timeout', async () => {
    const silent = await httpServer(() => undefined)
    const started = Date.now()
    expect(await failureOf(silent, 300)).toMatchObject({
      failure: 'timeout',
      message: `ComfyUI at ${silent} did not answer within 300 ms.`,
    })
    expect(Date.now() - started).toBeLessThan(3_000)
  })

  it('refuses what is not an http(s) address before sending anything', async () => {
    expect(await failureOf('localhost:8188')).toMatchObject({
      failure: 'bad-url',
      message: '"localhost:8188" is not a full address: write it with http://, e.g. http://localhost:8188.',
    })
    expect(await failureOf('ftp://127.0.0.1:8188')).toMatchObject({
      failure: 'bad-url',
      message: 'ComfyUI is reached over http:// or https://, not ftp:// ("ftp://127.0.0.1:8188").',
    })
    expect(await failureOf('http://user:secret@127.0.0.1:8188')).toMatchObject({ failure: 'bad-url' })
    expect(await failureOf('http://[::1')).toMatchObject({ failure: 'bad-url' })
  })
})
