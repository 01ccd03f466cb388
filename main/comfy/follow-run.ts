import { setTimeout as sleep } from 'node:timers/promises'
import { historyAt, queuePlace } from './comfy-client'
import { ComfyError } from './comfy-errors'
import { reachError } from './comfy-http'
import { comfyBase, socketEndpoint, type ComfyBase } from './comfy-url'
import type { RunEvent } from './run-events'
import { openRunSocket, type RunSocket } from './run-socket'
import { RunTracker } from './run-tracker'

/** Which run to follow and how patiently. */
export type FollowOptions = {
  promptId: string
  /** The client id the prompt was queued with: ComfyUI sends a run's messages to that socket only. */
  clientId: string
  /**
   * The socket from `connectRun`, opened before the prompt was queued (followRun closes it). Without
   * it the socket opens now, and messages ComfyUI sent before are missed (the outcome is not: it
   * is read from /history when the run ended before the socket opened).
   */
  connection?: RunSocket
  /** Aborting closes the socket and stops polling; the iteration then throws the signal's reason. */
  signal?: AbortSignal
  /** A socket silent this long has ComfyUI asked whether the run is still on (default 15 s). */
  idleCheckMs?: number
  /** Waits between /history polls once the socket is lost: the first, doubling to the longest (250 ms, 5 s). */
  pollMs?: { first: number; max: number }
  /** How long the prompt may be in neither queue nor history, or ComfyUI unreachable, before the run is given up (60 s). */
  giveUpMs?: number
}

type Json = Record<string, unknown>

/**
 * The events of one queued prompt, from ComfyUI's websocket (`/ws?clientId=`), ending with
 * `finished`. If the socket drops before the outcome, a `lost` event says so and the rest comes
 * from GET /history/<id>, polled with a backoff; a prompt ComfyUI no longer knows ends in a
 * ComfyError (`run-lost`) after `giveUpMs` instead of waiting forever.
 */
export async function* followRun(baseUrl: string, options: FollowOptions): AsyncGenerator<RunEvent, void, undefined> {
  const base = comfyBase(baseUrl)
  const { signal } = options
  signal?.throwIfAborted()
  const tracker = new RunTracker(options.promptId)
  const watch = new RunWatch(base, options.promptId, options.giveUpMs ?? 60_000, signal)
  const socket = options.connection ?? openRunSocket(socketEndpoint(base, options.clientId))
  let lostBecause = 'it closed'
  try {
    for (;;) {
      const item = await socket.next(options.idleCheckMs ?? 15_000, signal)
      if (item?.kind === 'closed') {
        lostBecause = item.reason
        break
      }
      if (item?.kind === 'text') {
        const event = tracker.fromFrame(item.text)
        if (event) yield event
        if (event?.type === 'finished') return
        continue
      }
      // A socket opened before the prompt was queued holds every message: nothing to ask yet.
      if (item?.kind === 'open' && options.connection) continue
      // Just connected (the run may have ended before we listened) or silent for long: ask.
      const entry = await watch.look()
      if (entry) {
        yield* tracker.fromHistory(entry)
        return
      }
    }
  } finally {
    socket.close()
  }
  if (tracker.outcomeKnown) {
    yield { type: 'finished' }
    return
  }
  yield {
    type: 'lost',
    reason: `The connection to ComfyUI dropped (${lostBecause}); the run is followed through its history.`,
  }
  const poll = options.pollMs ?? { first: 250, max: 5_000 }
  for (let wait = poll.first; ; wait = Math.min(wait * 2, poll.max)) {
    const entry = await watch.look()
    if (entry) {
      yield* tracker.fromHistory(entry)
      return
    }
    try {
      await sleep(wait, undefined, { signal })
    } catch (error) {
      signal?.throwIfAborted()
      throw error
    }
  }
}

/**
 * Opens the websocket ComfyUI reports a client's runs to, before the prompt is queued (as
 * ComfyUI's own page does), so followRun sees a run from its first message. Throws a ComfyError
 * in words when the socket cannot be opened. Pass it to followRun, which closes it; close it
 * yourself when the prompt is not queued after all.
 */
export async function connectRun(baseUrl: string, clientId: string, signal?: AbortSignal): Promise<RunSocket> {
  const base = comfyBase(baseUrl)
  const socket = openRunSocket(socketEndpoint(base, clientId))
  try {
    await socket.ready(signal)
    return socket
  } catch (error) {
    socket.close()
    signal?.throwIfAborted()
    const why = reachError(base, error)
    throw new ComfyError('unreachable', why.failure, `ComfyUI's websocket could not be opened: ${why.message}`)
  }
}

/**
 * Asks ComfyUI where a prompt is: its history entry once it has run; else whether the queue holds
 * it. A prompt in neither (history cleared, server restarted, deleted from the queue) or a server
 * that does not answer is given up after `giveUpMs` in a row.
 */
class RunWatch {
  private troubleSince: number | null = null

  constructor(
    private readonly base: ComfyBase,
    private readonly promptId: string,
    private readonly giveUpMs: number,
    private readonly signal: AbortSignal | undefined,
  ) {}

  async look(): Promise<Json | null> {
    let trouble: string | null
    try {
      const { entry } = await historyAt(this.base, this.promptId, this.signal)
      if (entry) return entry
      const place = await queuePlace(this.base, this.promptId, this.signal)
      trouble =
        place === 'absent'
          ? `ComfyUI has no record of prompt ${this.promptId}: it is not queued, not running and not in its history ` +
            '(the history may have been cleared, the prompt deleted from the queue, or ComfyUI restarted)'
          : null
    } catch (error) {
      this.signal?.throwIfAborted()
      if (!(error instanceof ComfyError)) throw error
      trouble = `Lost ComfyUI while following prompt ${this.promptId}: ${error.message.replace(/\.$/, '')}`
    }
    if (trouble === null) {
      this.troubleSince = null
      return null
    }
    const now = Date.now()
    this.troubleSince ??= now
    const waited = now - this.troubleSince
    if (waited >= this.giveUpMs) {
      throw new ComfyError('unreachable', 'run-lost', `${trouble}; gave up after ${Math.round(waited / 1000)} s.`)
    }
    return null
  }
}
