import { eventOf, readMessage, type RunEvent } from './run-events'

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * What one run has told so far: which of ComfyUI's messages concern it, and which events a
 * history entry still adds once the websocket is gone (so nothing is reported twice).
 */
export class RunTracker {
  /** Heard anything of this run (a socket opened mid-run never hears its start). */
  private active = false
  private readonly seen = new Set<RunEvent['type']>()
  private readonly executed = new Set<string>()

  constructor(readonly promptId: string) {}

  /** Whether the outcome (success, error, interrupted) or the end has been seen. */
  get outcomeKnown(): boolean {
    return ['success', 'error', 'interrupted', 'finished'].some((type) => this.seen.has(type as RunEvent['type']))
  }

  /** Whether the run's last message (`executing` with node null) has been seen. */
  get finished(): boolean {
    return this.seen.has('finished')
  }

  /** The event of one websocket text frame when it concerns this run, else null. */
  fromFrame(frame: string): RunEvent | null {
    const message = readMessage(frame)
    if (!message) return null
    const { type, data } = message
    // Queue counts are broadcast to everyone and say nothing once our prompt runs.
    if (type === 'status') return this.active ? null : eventOf(type, data)
    const promptId = data.prompt_id
    // Servers before 2023 sent progress without a prompt id, and a reconnect's `executing` still
    // has none: on our client's socket, while our run is on, they are ours.
    const ours = typeof promptId === 'string' ? promptId === this.promptId : this.active && !this.finished
    if (!ours) return null
    this.active = true
    const event = eventOf(type, data)
    if (event) this.note(event)
    return event
  }

  /**
   * The events a `/history/<id>` entry adds: `status.messages` (start, cached, outcome) and one
   * `executed` per node in `outputs` not reported yet, then `finished`.
   */
  fromHistory(entry: Json): RunEvent[] {
    const status = isObject(entry.status) ? entry.status : {}
    const recorded = (Array.isArray(status.messages) ? status.messages : [])
      .filter((m): m is [string, Json] => Array.isArray(m) && typeof m[0] === 'string' && isObject(m[1]))
      .map(([type, data]) => eventOf(type, data))
      .filter((event): event is RunEvent => event !== null)
    const found = (type: RunEvent['type']) => recorded.find((event) => event.type === type)
    const events: RunEvent[] = []
    const add = (event: RunEvent | undefined) => event && events.push(event)
    // What the socket missed at the start; not once it heard nodes run (it would come out of order).
    if (!this.active) add(found('started'))
    if (!this.seen.has('cached') && !this.seen.has('executing')) add(found('cached'))
    for (const [node, output] of Object.entries(isObject(entry.outputs) ? entry.outputs : {})) {
      if (!this.executed.has(node) && isObject(output)) add({ type: 'executed', node, output })
    }
    if (!this.outcomeKnown) add(found('success') ?? found('error') ?? found('interrupted') ?? outcomeOf(entry))
    add({ type: 'finished' })
    for (const event of events) this.note(event)
    return events
  }

  private note(event: RunEvent): void {
    this.active = true
    this.seen.add(event.type)
    if (event.type === 'executed') this.executed.add(event.node)
  }
}

/**
 * An outcome from a history entry without outcome messages: its `status_str` (or `completed`), or, from a
 * server before mid-2023 that wrote no status, its outputs and prompt. Anything else is not a run ComfyUI
 * says completed: it fails, in words.
 */
function outcomeOf(entry: Json): RunEvent {
  const status = entry.status
  const oldServer = status === undefined && isObject(entry.outputs) && Array.isArray(entry.prompt)
  if (
    isObject(status) &&
    (status.status_str === 'success' || (status.status_str === undefined && status.completed === true))
  )
    return { type: 'success', at: null }
  if (oldServer) return { type: 'success', at: null }
  const failed = isObject(status) && status.status_str === 'error'
  return {
    type: 'error',
    nodeId: null,
    nodeType: null,
    message: failed
      ? 'ComfyUI recorded the run as failed without saying why.'
      : "ComfyUI's history entry for the run does not say how it ended; it is not taken as completed.",
    exceptionType: null,
    traceback: [],
  }
}
