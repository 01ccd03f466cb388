import WebSocket from 'ws'

/** What the run socket brings: it opened, a text frame, or it is gone (and why). */
export type SocketItem = { kind: 'open' } | { kind: 'text'; text: string } | { kind: 'closed'; reason: string }

/** A websocket to ComfyUI read as a queue: `next` waits for the next item, or `null` after `idleMs`. */
export type RunSocket = {
  /** Resolves once the socket is open; rejects with the socket's error if it closes first. */
  ready(signal?: AbortSignal): Promise<void>
  next(idleMs: number, signal?: AbortSignal): Promise<SocketItem | null>
  close(): void
}

/** Opens ComfyUI's websocket (`/ws?clientId=`), keeping every text frame from then on; binary frames (previews) are dropped. */
export function openRunSocket(url: string): RunSocket {
  const items: SocketItem[] = []
  let wake: (() => void) | null = null
  let lastError: Error | null = null
  const push = (item: SocketItem) => {
    items.push(item)
    wake?.()
  }
  // A message past maxPayload closes the socket (the run is then followed through /history): ComfyUI's own
  // messages are small, a flood of huge ones must not fill the host's memory.
  const socket = new WebSocket(url, { handshakeTimeout: 10_000, maxPayload: 16 * 1024 * 1024 })
  const opened = new Promise<void>((resolve, reject) => {
    socket.on('open', resolve)
    socket.on('close', () => reject(lastError ?? new Error('the server closed the websocket')))
  })
  // Nobody may wait for `ready`: a socket that never opens is reported through `next` as well.
  opened.catch(() => undefined)
  socket.on('open', () => push({ kind: 'open' }))
  socket.on('message', (data, isBinary) => {
    if (!isBinary) push({ kind: 'text', text: data.toString() })
  })
  // An error is always followed by 'close'; keep it for the reason.
  socket.on('error', (error) => {
    lastError = error
  })
  socket.on('close', (code, reason) => {
    const said = reason.toString()
    push({
      kind: 'closed',
      reason: lastError?.message ?? `closed by the server, code ${code}${said ? `: ${said}` : ''}`,
    })
  })

  return {
    ready(signal) {
      return new Promise<void>((resolve, reject) => {
        const stop = () => reject(signal?.reason)
        signal?.addEventListener('abort', stop, { once: true })
        opened.then(resolve, reject).finally(() => signal?.removeEventListener('abort', stop))
      })
    },
    async next(idleMs, signal) {
      signal?.throwIfAborted()
      if (items.length > 0) return items.shift() ?? null
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer)
          signal?.removeEventListener('abort', done)
          wake = null
          resolve()
        }
        const timer = setTimeout(done, idleMs)
        signal?.addEventListener('abort', done)
        wake = done
      })
      signal?.throwIfAborted()
      return items.shift() ?? null
    },
    close() {
      if (socket.readyState === WebSocket.OPEN) socket.close(1000)
      else socket.terminate()
    },
  }
}
