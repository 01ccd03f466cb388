import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import WebSocket, { WebSocketServer } from 'ws'

type Json = Record<string, unknown>

/**
 * The fake's websockets (`/ws?clientId=`), by client id as ComfyUI keeps them: a client connecting
 * again with its id takes the entry over; without one it gets a fresh id (the `sid` of its
 * first status message). `hello` gives the messages a new socket is sent first.
 */
export class SocketHub {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 })
  private readonly sockets = new Map<string, WebSocket>()

  constructor(private readonly hello: (sid: string) => [string, Json][]) {
    this.server.on('error', () => undefined)
  }

  /** Takes an HTTP upgrade: /ws (or /api/ws) becomes a socket, anything else a 404. */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy())
    const url = new URL(request.url ?? '/', 'http://fake')
    if (url.pathname.replace(/^\/api(?=\/)/, '') !== '/ws') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    this.server.handleUpgrade(request, socket, head, (ws) => this.attach(ws, url.searchParams.get('clientId') ?? ''))
  }

  private attach(ws: WebSocket, clientId: string): void {
    const sid = clientId || randomUUID().replace(/-/g, '')
    this.sockets.set(sid, ws)
    ws.on('error', () => ws.terminate())
    ws.on('close', () => {
      if (this.sockets.get(sid) === ws) this.sockets.delete(sid)
    })
    // ComfyUI reads what a client sends (feature flags) and answers none of it here.
    ws.on('message', () => undefined)
    for (const [type, data] of this.hello(sid)) sendOn(ws, JSON.stringify({ type, data }))
  }

  /** Sends `{type, data}` to one client's socket, or to all when `to` is null. */
  send(to: string | null, type: string, data: Json): void {
    const text = JSON.stringify({ type, data })
    if (to !== null) return sendOn(this.sockets.get(to), text)
    for (const ws of this.sockets.values()) sendOn(ws, text)
  }

  /** Sends a binary frame to one client's socket. */
  sendBinary(to: string, bytes: Buffer): void {
    sendOn(this.sockets.get(to), bytes)
  }

  /** Cuts a client's connection without a closing handshake, as a network failure would. */
  drop(clientId: string): void {
    this.sockets.get(clientId)?.terminate()
    this.sockets.delete(clientId)
  }

  /** Closes every socket and the upgrade handler. */
  close(): void {
    for (const ws of this.server.clients) ws.terminate()
    this.sockets.clear()
    this.server.close()
  }
}

function sendOn(ws: WebSocket | undefined, data: string | Buffer): void {
  // A socket closing as the message goes out is not an error for the run.
  if (ws?.readyState === WebSocket.OPEN) ws.send(data, () => undefined)
}
