import type { IncomingMessage, ServerResponse } from 'node:http'
import { z } from 'zod'
import { ChangeSeq, type EventMessage } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { LibrarySource } from '../app/library-session'

const HEARTBEAT_MS = 25_000
// `?since=` or the browser's Last-Event-ID on a reconnect: digits only, as every `id:` line sent.
const SinceText = z
  .string()
  .regex(/^\d{1,15}$/)
  .transform(Number)
  .pipe(ChangeSeq)

/**
 * The last change a client of /events saw: the Last-Event-ID its browser sends on a reconnect, else
 * `?since=`; null when it gave neither (it hears live events only).
 */
export function eventsSince(req: IncomingMessage, url: URL): number | null {
  const given = req.headers['last-event-id'] ?? url.searchParams.get('since')
  if (given === null || given === undefined) return null
  const parsed = SinceText.safeParse(given)
  if (!parsed.success) throw new AppError('validation', 'since (or Last-Event-ID) must be a change sequence.')
  return parsed.data
}

/**
 * Streams the library's push events to one client as Server-Sent Events until it leaves. A client
 * that says the last change it saw (`since`) first gets every change after it, in order, or
 * `events:reload` when the log no longer holds them; then the live events. Each `library:changed`
 * carries its sequence as the `id:`, so the browser's reconnect says where it was. The catch-up may be
 * read asynchronously (a hub's log is in PostgreSQL): live events that come meanwhile wait for it, and
 * those it already sent are not sent twice.
 */
export function streamEvents(
  source: Pick<LibrarySource, 'current' | 'subscribe'>,
  res: ServerResponse,
  since: number | null,
): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  })
  res.write(': connected\n\n')
  let sent = since ?? 0
  const send = (event: EventMessage) => {
    // Another library's log from here on (the client reloads onto it).
    if (event.name === 'library:opened') sent = 0
    if (event.name !== 'library:changed')
      return void res.write(`event: ${event.name}\ndata: ${JSON.stringify(event.payload)}\n\n`)
    // A change the catch-up already sent (another process's, read from the log before this process sent it live).
    if (event.payload.seq <= sent) return
    sent = event.payload.seq
    res.write(`id: ${sent}\nevent: ${event.name}\ndata: ${JSON.stringify(event.payload)}\n\n`)
  }
  // Subscribed before the catch-up is read: nothing sent meanwhile is lost, it waits here.
  let held: EventMessage[] | null = since === null ? null : []
  const unsubscribe = source.subscribe((event) => (held ? held.push(event) : send(event)))
  // A comment line now and then keeps proxies and idle timers from closing the stream.
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS)
  const stop = () => {
    clearInterval(heartbeat)
    unsubscribe()
  }
  res.on('close', stop)
  // A client that vanished mid-write: stop pushing to it; the error must not reach the process.
  res.on('error', stop)
  if (since === null) return
  const release = () => {
    const waiting = held ?? []
    held = null
    waiting.forEach(send)
  }
  void catchUp(source, since)
    .then((events) => events.forEach(send))
    // A log that cannot be read: the client reads everything again rather than miss a change.
    .catch(() => send({ name: 'events:reload', payload: { seq: sent } }))
    .finally(release)
}

/** What a client that saw change `since` missed: the changes after it, or `events:reload` when the log lost some. */
async function catchUp(source: Pick<LibrarySource, 'current'>, since: number): Promise<EventMessage[]> {
  const { changes } = source.current
  const { changes: missedChanges, missed } = await Promise.resolve(changes.since(since))
  const reload: EventMessage[] = missed
    ? [{ name: 'events:reload', payload: { seq: await Promise.resolve(changes.cursor()) } }]
    : []
  return [...reload, ...missedChanges.map((change): EventMessage => ({ name: 'library:changed', payload: change }))]
}
