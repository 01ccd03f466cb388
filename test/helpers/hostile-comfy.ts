import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach } from 'vitest'
import WebSocket, { WebSocketServer } from 'ws'

/** How the hostile server misbehaves: it answers a request itself, or rewrites the fake's socket frames. */
export type Hostility = {
  /** Answers a request itself (return true), else the request goes on to the real fake. */
  answer?: (request: http.IncomingMessage, response: http.ServerResponse) => boolean
  /** The frames the client gets for one frame of the fake (default: the frame itself). */
  frames?: (frame: string) => string[]
}

/** A server in front of a fake ComfyUI, forwarding to it except where `hostility` says otherwise. */
export type HostileComfy = { url: string; host: string; port: number; requests: string[] }

const open: http.Server[] = []

afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => close(server)))
})

/** Starts the hostile server on `host` (127.0.0.1 unless said), closed after the current test. */
export async function hostileComfy(fakeUrl: string, hostility: Hostility, host = '127.0.0.1'): Promise<HostileComfy> {
  const target = new URL(fakeUrl)
  const requests: string[] = []
  const server = http.createServer((request, response) => {
    requests.push(request.url ?? '')
    if (hostility.answer?.(request, response)) return
    const forward = http.request(
      { host: target.hostname, port: target.port, path: request.url, method: request.method, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(response)
      },
    )
    forward.on('error', () => response.destroy())
    request.pipe(forward)
  })
  // The client's socket opens only once the fake's is open: a run queued right after must reach it.
  const sockets = new WebSocketServer({ noServer: true })
  server.on('upgrade', (request, socket, head) => {
    const upstream = new WebSocket(`ws://${target.host}${request.url ?? '/ws'}`)
    upstream.on('error', () => socket.destroy())
    upstream.once('open', () =>
      sockets.handleUpgrade(request, socket, head, (client) => {
        upstream.on('message', (data, isBinary) => {
          if (isBinary || client.readyState !== WebSocket.OPEN) return
          for (const frame of hostility.frames?.(data.toString()) ?? [data.toString()]) client.send(frame)
        })
        upstream.on('error', () => client.terminate())
        upstream.on('close', () => client.close())
        client.on('error', () => upstream.terminate())
        client.on('close', () => upstream.close())
      }),
    )
  })
  server.on('error', () => undefined)
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  open.push(server)
  const { port } = server.address() as AddressInfo
  return { url: `http://${host}:${port}`, host, port, requests }
}

function close(server: http.Server): Promise<void> {
  server.closeAllConnections()
  return new Promise((resolve) => server.close(() => resolve()))
}
