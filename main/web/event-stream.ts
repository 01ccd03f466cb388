import type { ServerResponse } from 'node:http'
import type { EventBus } from '../library/event-bus'

const HEARTBEAT_MS = 25_000

/** Streams the library's push events to one client as Server-Sent Events until it leaves. */
export function streamEvents(bus: Pick<EventBus, 'subscribe'>, res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  })
  res.write(': connected\n\n')
  const unsubscribe = bus.subscribe((event) => {
    res.write(`event: ${event.name}\ndata: ${JSON.stringify(event.payload)}\n\n`)
  })
  // A comment line now and then keeps proxies and idle timers from closing the stream.
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS)
  const stop = () => {
    clearInterval(heartbeat)
    unsubscribe()
  }
  res.on('close', stop)
  // A client that vanished mid-write: stop pushing to it; the error must not reach the process.
  res.on('error', stop)
}
