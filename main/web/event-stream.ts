import type { IncomingMessage, ServerResponse } from 'node:http'
import { z } from 'zod'
import { mayHear, type Role, type Scope } from '../../shared/access'
import { ChangeSeq, type AccessEnded, type ChangeTopic, type EventMessage, type EventName } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { LibrarySource } from '../app/library-session'

const HEARTBEAT_MS = 25_000
// How often a person's stream asks who they are without a change of people having said so.
const RECHECK_MS = 15_000
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

/** Who a stream serves on a host with people: their role now, asked again when people or their tokens change. */
export interface StreamReader {
  role: Role
  /** What they see: a person limited to shared collections hears no event that names assets. */
  scope: Scope
  /** The reader's role and scope now, or why their access ended. */
  check(): Promise<{ role: Role; scope: Scope } | { ended: AccessEnded }>
}

/**
 * Streams the library's push events to one client as Server-Sent Events until it leaves. A client
 * that says the last change it saw (`since`) first gets every change after it, in order, or
 * `events:reload` when the log no longer holds them; then the live events. Each `library:changed`
 * carries its sequence as the `id:`, so the browser's reconnect says where it was. The catch-up may be
 * read asynchronously (a hub's log is in PostgreSQL): live events that come meanwhile wait for it, and
 * those it already sent are not sent twice.
 *
 * With a `reader` (a hub's person), the stream sends only what their role and scope may hear, and asks again who they
 * are at each change of the people or their tokens (and now and then besides): a lowered role or scope narrows the
 * stream at once; a removed person or a revoked token gets `access:ended` and the stream closes. Events that come while it
 * asks wait, so nothing after the removal reaches them.
 */
export function streamEvents(
  source: Pick<LibrarySource, 'current' | 'subscribe'>,
  res: ServerResponse,
  since: number | null,
  reader?: StreamReader,
): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  })
  res.write(': connected\n\n')
  let sent = since ?? 0
  let role = reader?.role
  let scope = reader?.scope
  let open = true
  const write = (name: EventName, payload: unknown, id?: number) =>
    res.write(`${id === undefined ? '' : `id: ${id}\n`}event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)
  const send = (event: EventMessage) => {
    // Another library's log from here on (the client reloads onto it).
    if (event.name === 'library:opened') sent = 0
    if (role !== undefined && !mayHear(role, event.name, scope)) return
    if (event.name !== 'library:changed') return void write(event.name, event.payload)
    // A change the catch-up already sent (another process's, read from the log before this process sent it live).
    if (event.payload.seq <= sent) return
    sent = event.payload.seq
    write(event.name, event.payload, sent)
  }
  // Whether the reader still may read, with their role now; when not, the stream says why and ends.
  const stillReads = async (): Promise<boolean> => {
    // A check that fails (the catalogue unreachable) leaves the stream as it was; the next one decides.
    const now = await reader!.check().catch(() => null)
    if (!open || now === null) return open
    if ('role' in now) {
      role = now.role
      scope = now.scope
      return true
    }
    write('access:ended', now.ended)
    res.end()
    stop()
    return false
  }
  // Events wait while the catch-up is read or the reader is asked again; otherwise each is sent as it comes.
  const waiting: Array<EventMessage | typeof RECHECK> = []
  let busy = since !== null
  const drain = () => {
    while (open && !busy && waiting.length > 0) {
      const event = waiting.shift()!
      if (reader && (event === RECHECK || touchesAccess(event))) {
        busy = true
        void stillReads().then((reads) => {
          busy = false
          if (!reads) return
          if (event !== RECHECK) send(event)
          drain()
        })
      } else if (event !== RECHECK) send(event)
    }
  }
  const enqueue = (event: EventMessage | typeof RECHECK) => {
    waiting.push(event)
    drain()
  }
  // Subscribed before the catch-up is read: nothing sent meanwhile is lost, it waits for it.
  const unsubscribe = source.subscribe(enqueue)
  // A comment line now and then keeps proxies and idle timers from closing the stream.
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS)
  // A change of access the change feed did not bring (a lost notification) still ends the stream in time.
  const recheck = reader && setInterval(() => enqueue(RECHECK), RECHECK_MS)
  const stop = () => {
    open = false
    clearInterval(heartbeat)
    clearInterval(recheck)
    unsubscribe()
  }
  res.on('close', stop)
  // A client that vanished mid-write: stop pushing to it; the error must not reach the process.
  res.on('error', stop)

  if (since === null) return
  void catchUp(source, since)
    .catch((error: unknown): EventMessage[] | null => {
      // A hub's catalogue away: the stream says so and ends; the client comes back for the catch-up once it serves.
      if (error instanceof AppError && error.code === 'unavailable') {
        write('catalogue:status', { available: false, message: error.message })
        res.end()
        stop()
        return null
      }
      // A log that cannot be read: the client reads everything again rather than miss a change.
      return [{ name: 'events:reload', payload: { seq: sent } }]
    })
    .then((missed) => {
      if (missed === null) return
      waiting.unshift(...missed)
      busy = false
      drain()
    })
}

// Not an event: the stream's turn to ask again who its reader is.
const RECHECK = Symbol('recheck')
const ACCESS_TOPICS: ReadonlySet<ChangeTopic> = new Set(['people', 'access_tokens', 'review_links'])

/** Whether an event says that people, their tokens or review links changed, so a reader's access may have. */
function touchesAccess(event: EventMessage): boolean {
  return event.name === 'library:changed' && event.payload.tables.some((table) => ACCESS_TOPICS.has(table))
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
