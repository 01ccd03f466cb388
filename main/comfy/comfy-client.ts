import { ComfyError, promptRefusal, readNodeErrors, type ComfyNodeError } from './comfy-errors'
import { ANSWER_LIMITS, comfyCall, TIMEOUTS, unexpectedReply, type ComfyReply } from './comfy-http'
import { comfyBase, type ComfyBase } from './comfy-url'
import { promptBody, type PromptInput } from './prompt-body'

/** What /system_stats says about a ComfyUI server. */
export type ComfyServerInfo = {
  version: string | null
  os: string | null
  pythonVersion: string | null
  pytorchVersion: string | null
  devices: { name: string; type: string; vramTotal: number | null; vramFree: number | null }[]
}

/** A prompt ComfyUI accepted: its id and queue number; `nodeErrors` names outputs it dropped. */
export type QueuedPrompt = { promptId: string; number: number; nodeErrors: ComfyNodeError[] }

/** Where a prompt is in ComfyUI's queue. */
export type QueuePlace = 'running' | 'pending' | 'absent'

/** What `interrupt` did: stopped the running prompt, took a waiting one off the queue, or nothing. */
export type InterruptOutcome = 'interrupted' | 'removed' | 'not-running'

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null)
const number = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null)

/** The JSON object of a 200 answer; anything else is an error naming the route and what came back. */
function objectOf(base: ComfyBase, route: string, reply: ComfyReply, expected: string): Json {
  if (reply.status === 200 && reply.json.ok && isObject(reply.json.value)) return reply.json.value
  throw unexpectedReply(base, route, reply, expected)
}

/** Checks that `baseUrl` is a ComfyUI server that answers (GET /system_stats) and says what it runs. */
export async function checkServer(
  baseUrl: string,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<ComfyServerInfo> {
  const base = comfyBase(baseUrl)
  const route = '/system_stats'
  const timeoutMs = options.timeoutMs ?? TIMEOUTS.check
  const reply = await comfyCall(base, { route, timeoutMs, maxBytes: ANSWER_LIMITS.check, signal: options.signal })
  const notComfy = (what: string) =>
    new ComfyError('unreachable', 'not-comfy', `${base.href} answers, but it is not ComfyUI: ${what}.`)
  if (reply.status === 404) throw notComfy(`it has no ${route} (HTTP 404)`)
  if (reply.status !== 200) throw unexpectedReply(base, route, reply, '')
  if (!reply.json.ok) throw notComfy(`${route} is not JSON`)
  const stats = reply.json.value
  if (!isObject(stats) || !isObject(stats.system) || !Array.isArray(stats.devices)) {
    throw notComfy(`${route} lacks the "system" and "devices" ComfyUI reports`)
  }
  const system = stats.system
  return {
    version: text(system.comfyui_version),
    os: text(system.os),
    pythonVersion: text(system.python_version),
    pytorchVersion: text(system.pytorch_version),
    devices: stats.devices.filter(isObject).map((device) => ({
      name: text(device.name) ?? 'unknown',
      type: text(device.type) ?? 'unknown',
      vramTotal: number(device.vram_total),
      vramFree: number(device.vram_free),
    })),
  }
}

/**
 * Queues an API prompt (POST /prompt). The prompt's text goes out unchanged, so seeds up to
 * 2^64 - 1 stay exact. A refusal (HTTP 400) throws ComfyPromptRefused naming each node and why.
 */
export async function queuePrompt(
  baseUrl: string,
  input: PromptInput & { signal?: AbortSignal },
): Promise<QueuedPrompt> {
  const base = comfyBase(baseUrl)
  const body = promptBody(input)
  const route = '/prompt'
  const reply = await comfyCall(base, {
    route,
    method: 'POST',
    body,
    timeoutMs: TIMEOUTS.prompt,
    maxBytes: ANSWER_LIMITS.prompt,
    signal: input.signal,
  })
  if (reply.status === 400 && reply.json.ok) throw promptRefusal(reply.json.value)
  const answer = objectOf(base, route, reply, 'without a prompt id')
  const promptId = text(answer.prompt_id)
  if (!promptId) throw unexpectedReply(base, route, reply, 'without a prompt id')
  return { promptId, number: number(answer.number) ?? 0, nodeErrors: readNodeErrors(answer.node_errors) }
}

/** A history answer: the prompt's entry (null while it is queued or running) and the raw text (exact seeds). */
export type HistoryAnswer = { entry: Json | null; text: string }

/** GET /history/<id>: the entry ComfyUI writes once a prompt has run (success, error or interrupt). */
export async function history(baseUrl: string, promptId: string, signal?: AbortSignal): Promise<HistoryAnswer> {
  return historyAt(comfyBase(baseUrl), promptId, signal)
}

/** `history` for a checked base URL. */
export async function historyAt(base: ComfyBase, promptId: string, signal?: AbortSignal): Promise<HistoryAnswer> {
  const route = `/history/${encodeURIComponent(promptId)}`
  const reply = await comfyCall(base, { route, timeoutMs: TIMEOUTS.query, signal })
  const answer = objectOf(base, route, reply, 'with something other than a history object')
  const entry = answer[promptId]
  return { entry: isObject(entry) ? entry : null, text: reply.text }
}

/** Where a prompt is in the queue (GET /queue: `queue_running` and `queue_pending`, items `[number, id, …]`). */
export async function queuePlace(base: ComfyBase, promptId: string, signal?: AbortSignal): Promise<QueuePlace> {
  const route = '/queue'
  const reply = await comfyCall(base, { route, timeoutMs: TIMEOUTS.query, signal })
  const queue = objectOf(base, route, reply, 'with something other than a queue')
  const holds = (items: unknown) =>
    Array.isArray(items) && items.some((item) => Array.isArray(item) && item[1] === promptId)
  if (holds(queue.queue_running)) return 'running'
  if (holds(queue.queue_pending)) return 'pending'
  return 'absent'
}

/**
 * Stops a prompt: a waiting one is deleted from the queue (POST /queue), a running one interrupted
 * (POST /interrupt with its id). Servers before 2025 ignore the id and stop whatever runs, so the
 * queue is asked first and nothing is sent for a prompt that is not running.
 */
export async function interrupt(baseUrl: string, promptId: string, signal?: AbortSignal): Promise<InterruptOutcome> {
  const base = comfyBase(baseUrl)
  const place = await queuePlace(base, promptId, signal)
  if (place === 'absent') return 'not-running'
  const route = place === 'pending' ? '/queue' : '/interrupt'
  const body = JSON.stringify(place === 'pending' ? { delete: [promptId] } : { prompt_id: promptId })
  const reply = await comfyCall(base, { route, method: 'POST', body, timeoutMs: TIMEOUTS.query, signal })
  if (reply.status !== 200) throw unexpectedReply(base, route, reply, '')
  return place === 'pending' ? 'removed' : 'interrupted'
}
