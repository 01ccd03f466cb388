import { events, type ChannelOutput, type EventMessage, type EventName, type ImportJob } from '../../../shared/contract'
import type { Envelope, ErrorShape } from '../../../shared/errors'
import { createLimiter } from '../../../shared/limiter'
import { createEventCursor, startCursor, type EventCursor } from './event-cursor'
import { guestHeader } from './guest-name'
import type { SendOptions, Transport } from './transport'

const UNREACHABLE = {
  code: 'unreachable',
  message: `Nothing answers at ${window.location.origin} just now. Framevault reconnects by itself when it is back.`,
} as const
// The slice tells a cancel from a failure by its own signal; this is what a caller without one sees.
const CANCELLED = { code: 'conflict', message: 'The upload was cancelled.' } as const
const UPLOADS_AT_ONCE = 2
// Before a stream refused while a hub's catalogue was away is opened again.
const REOPEN_MS = 2_000
const CATALOGUE_BACK = "The team library's catalogue is back."

type UploadRef = { uploadId: string; name: string }

/** The transport under the web host: POST /api/<channel>, POST /upload and Server-Sent Events on /events. */
export function webTransport(): Transport {
  const post = (channel: string, input: unknown) =>
    request(`/api/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...guestHeader() },
      body: JSON.stringify(input ?? {}),
    })
  const cursor = createEventCursor()
  const connection = connectionState()
  const started = startCursor(
    cursor,
    () => post('events:cursor', {}) as Promise<Envelope<ChannelOutput<'events:cursor'>>>,
  )
  const invoke = async (channel: string, input: unknown) => {
    await started
    return post(channel, input)
  }
  return {
    invoke,
    onEvent: sharedEventStream(started, cursor, connection.set, async () => {
      const reply = await post('events:cursor', {})
      return !reply.ok && reply.error.code === 'unavailable'
    }),
    onConnection: connection.follow,
    async importFiles(files, _link, options = {}) {
      const uploads = await uploadAll(files, options)
      if (!uploads.ok) return uploads
      return (await invoke('media:import-uploads', { uploads: uploads.data })) as Envelope<{ job: ImportJob }>
    },
    canLink: false,
    async signOut() {
      const answer = await fetch('/sign-out', { method: 'POST' }).catch(() => null)
      if (!answer?.ok) throw new Error(UNREACHABLE.message)
    },
  }
}

/**
 * Subscriptions to one EventSource on /events, opened with the first listener (once the cursor is
 * known) and closed after the last: each EventSource holds one of the browser's six connections to
 * the host, and a page with a few subscribers must not starve the player's range requests. It asks
 * for the changes since the cursor, so what happened between the page's first read and its
 * subscription is heard too; the browser's reconnects say the last one heard (Last-Event-ID).
 */
function sharedEventStream(
  started: Promise<void>,
  cursor: EventCursor,
  connected: (connected: boolean) => void,
  catalogueAway: () => Promise<boolean>,
): Transport['onEvent'] {
  const listeners = new Set<(event: EventMessage) => void>()
  const deliver = (event: EventMessage) => {
    for (const listener of [...listeners]) listener(event)
  }
  let source: EventSource | undefined
  let openedBefore = false
  // A stream refused because a hub's catalogue is away (503) is opened again once it serves; a refusal of the
  // window's access (401) is not.
  const reopenWhenBack = async (stream: EventSource) => {
    if (!(await catalogueAway())) return
    await new Promise((resolve) => setTimeout(resolve, REOPEN_MS))
    if (source !== stream) return
    source = undefined
    open()
  }
  const open = () => {
    if (source || listeners.size === 0) return
    const stream = new EventSource(cursor.seq === null ? '/events' : `/events?since=${cursor.seq}`)
    source = stream
    // The browser reconnects a dropped stream by itself (CONNECTING); one it gave up on (a refusal) is not a loss.
    stream.onerror = () => {
      connected(stream.readyState !== EventSource.CONNECTING)
      if (stream.readyState === EventSource.CLOSED) void reopenWhenBack(stream)
    }
    stream.onopen = () => {
      connected(true)
      // A stream admitted again was admitted by a hub's catalogue that serves (a person's token is read from it):
      // whatever a stream that ended said of the catalogue holds no more.
      if (openedBefore) deliver({ name: 'catalogue:status', payload: { available: true, message: CATALOGUE_BACK } })
      openedBefore = true
    }
    for (const name of Object.keys(events) as EventName[]) {
      stream.addEventListener(name, (message) => {
        const event = { name, payload: events[name].parse(JSON.parse((message as MessageEvent<string>).data)) }
        if (cursor.accept(event as EventMessage)) deliver(event as EventMessage)
      })
    }
  }
  return (listener) => {
    const mine = (event: EventMessage) => listener(event)
    listeners.add(mine)
    void started.then(open)
    return () => {
      listeners.delete(mine)
      if (listeners.size === 0) {
        source?.close()
        source = undefined
      }
    }
  }
}

/** Whether the host's live feed is connected, told to whoever follows it when it changes. */
function connectionState() {
  let connected = true
  const listeners = new Set<(connected: boolean) => void>()
  return {
    set(now: boolean) {
      if (now === connected) return
      connected = now
      for (const listener of [...listeners]) listener(now)
    },
    follow(listener: (connected: boolean) => void): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

/**
 * Uploads the files two at a time, reporting the bytes sent of each; stops starting new ones
 * after the first failure or a cancel. A cancel aborts the uploads in flight (the host deletes
 * their partial files); after either, the uploads already received are deleted.
 */
async function uploadAll(files: File[], { signal, onProgress }: SendOptions): Promise<Envelope<UploadRef[]>> {
  const limit = createLimiter(UPLOADS_AT_ONCE)
  let failure: ErrorShape | undefined
  const received: string[] = []
  const upload = async (file: File, index: number): Promise<UploadRef | undefined> => {
    if (failure || signal?.aborted) return undefined
    const reply = await send(file, (sent) => onProgress?.({ file: index, sent, done: false }), signal)
    if (!reply.ok) {
      failure ??= reply.error
      return undefined
    }
    received.push(reply.data.uploadId)
    onProgress?.({ file: index, sent: file.size, done: true })
    return { uploadId: reply.data.uploadId, name: file.name }
  }
  const refs = await Promise.all(files.map((file, index) => limit(() => upload(file, index))))
  if (!signal?.aborted && !failure) return { ok: true, data: refs as UploadRef[] }
  // No import will take the files already received: delete them now rather than when they expire.
  await Promise.all(received.map((id) => request(`/upload?id=${id}`, { method: 'DELETE' })))
  return { ok: false, error: signal?.aborted ? CANCELLED : failure! }
}

/** POST /upload of one file with XMLHttpRequest, whose upload events (unlike fetch's) tell the bytes sent. */
function send(file: File, onSent: (bytes: number) => void, signal?: AbortSignal): Promise<Envelope<UploadRef>> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest()
    const abort = () => xhr.abort()
    signal?.addEventListener('abort', abort, { once: true })
    const settle = (envelope: Envelope<UploadRef>) => {
      signal?.removeEventListener('abort', abort)
      resolve(envelope)
    }
    xhr.upload.onprogress = (event) => onSent(event.loaded)
    xhr.onload = () => settle(asEnvelope(xhr.status, xhr.responseText) as Envelope<UploadRef>)
    xhr.onerror = () => settle({ ok: false, error: UNREACHABLE })
    xhr.onabort = () => settle({ ok: false, error: CANCELLED })
    xhr.open('POST', `/upload?name=${encodeURIComponent(file.name)}`)
    xhr.send(file)
  })
}

/** One HTTP request answered with an envelope; a lost connection or a foreign answer becomes `unreachable`. */
async function request(url: string, init: RequestInit): Promise<Envelope<unknown>> {
  let response: Response
  try {
    response = await fetch(url, init)
  } catch {
    return { ok: false, error: UNREACHABLE }
  }
  return asEnvelope(response.status, await response.text().catch(() => ''))
}

/** A reply's JSON body as the envelope it should be; anything else (a proxy's page, a cut body) becomes `unreachable`. */
function asEnvelope(status: number, text: string): Envelope<unknown> {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    body = undefined
  }
  if (body && typeof body === 'object' && 'ok' in body) return body as Envelope<unknown>
  const message = `${window.location.origin} answered HTTP ${status}, not as Framevault does. Framevault tries again by itself.`
  return { ok: false, error: { ...UNREACHABLE, message } }
}
