import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { linkedIds, type RunCache } from './cache'
import { fakeClass } from './classes'
import { saveImage, saveVideo, type OutputPlace, type SaveRequest } from './outputs'
import type { FakeNode, FakePrompt } from './prompt'

type Json = Record<string, unknown>

/** What a run needs from the server around it. */
export type RunHost = {
  /** Sends `{type, data}` to a client's socket, or to every socket when `to` is null. */
  send(to: string | null, type: string, data: Json): void
  /** Sends a binary frame (a preview) to a client's socket. */
  sendBinary(to: string, bytes: Buffer): void
  /** Closes a client's socket abruptly (the drop scenario). */
  drop(clientId: string): void
  /** Whether /interrupt asked to stop the running prompt. */
  interrupted(): boolean
  /** The node running now (a reconnecting client is told), null between nodes. */
  setCurrentNode(node: string | null): void
  place: OutputPlace
}

/** How a run ended, as /history keeps it. */
export type RunRecord = {
  outputs: Record<string, Json>
  status: { status_str: 'success' | 'error'; completed: boolean; messages: [string, Json][] }
  meta: Record<string, Json>
}

type NodeEnd = { ui: Json | null } | { interrupted: true } | { error: string; exceptionType: string }

/** A preview frame as ComfyUI sends one: event 1 (PREVIEW_IMAGE), image type 1 (JPEG), then the image. */
const PREVIEW = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 0xff, 0xd8, 0xff, 0xd9])

/**
 * Runs one prompt with ComfyUI's messages: execution_start, execution_cached, then per node
 * executing, progress per sampler step, executed for what a save node wrote, and
 * execution_success (or execution_error / execution_interrupted) last.
 */
export async function runPrompt(prompt: FakePrompt, host: RunHost, cache: RunCache): Promise<RunRecord> {
  const { promptId, clientId, scenario } = prompt
  const messages: [string, Json][] = []
  let sent = 0
  const send = (type: string, data: Json, broadcast = false) => {
    if (clientId === null && !broadcast) return
    host.send(clientId, type, data)
    if (clientId !== null && scenario.dropAfter !== null && ++sent === scenario.dropAfter) host.drop(clientId)
  }
  const record = (type: string, data: Json, broadcast = false) => {
    messages.push([type, data])
    send(type, data, broadcast)
  }
  const stamp = () => ({ prompt_id: promptId, timestamp: Date.now() })
  record('execution_start', stamp())
  const order = executionOrder(prompt)
  const cached = cache.cachedOf(prompt, order)
  record('execution_cached', { nodes: [...cached], ...stamp() })
  const outputs: Record<string, Json> = {}
  const executed: string[] = []
  const finish = (success: boolean): RunRecord => {
    host.setCurrentNode(null)
    cache.remember(prompt, [...cached, ...executed], outputs)
    const meta = Object.fromEntries(
      Object.keys(outputs).map((id) => [id, { node_id: id, display_node: id, parent_node: null, real_node_id: id }]),
    )
    return { outputs, status: { status_str: success ? 'success' : 'error', completed: success, messages }, meta }
  }
  for (const id of order) {
    const node = prompt.nodes.get(id) as FakeNode
    const output = cached.has(id) ? cache.outputOf(id) : null
    if (cached.has(id)) {
      if (output) send('executed', { node: id, display_node: id, output, prompt_id: promptId })
      if (output) outputs[id] = output
      continue
    }
    host.setCurrentNode(id)
    send('executing', { node: id, display_node: id, prompt_id: promptId })
    const end = await runNode(prompt, node, host, send)
    const ended = { node_id: id, node_type: node.classType, executed: [...executed], ...stamp() }
    if ('interrupted' in end) {
      record('execution_interrupted', ended, true)
      return finish(false)
    }
    if ('error' in end) {
      const traceback = [`  File "fake_comfy.py", line 1, in ${node.classType}\n`]
      const error = { exception_message: end.error, exception_type: end.exceptionType, traceback }
      record('execution_error', { ...ended, ...error, current_inputs: {}, current_outputs: {} })
      return finish(false)
    }
    if (end.ui) {
      outputs[id] = end.ui
      send('executed', { node: id, display_node: id, output: end.ui, prompt_id: promptId })
    }
    executed.push(id)
  }
  record('execution_success', stamp())
  return finish(true)
}

async function runNode(prompt: FakePrompt, node: FakeNode, host: RunHost, send: (type: string, data: Json) => void) {
  const { scenario, promptId } = prompt
  if (host.interrupted()) return { interrupted: true } satisfies NodeEnd
  if (scenario.failAt === node.id) {
    const error = `Fake failure in ${node.classType} (node ${node.id}), as the fake's error scenario asks.`
    return { error, exceptionType: 'RuntimeError' } satisfies NodeEnd
  }
  const definition = fakeClass(node.classType)
  const steps = definition?.sampler ? Math.max(1, Math.min(10_000, Math.trunc(Number(node.inputs.steps)) || 1)) : 0
  for (let step = 1; step <= steps; step++) {
    await sleep(scenario.stepDelayMs, undefined, { signal: host.place.signal }).catch(() => undefined)
    if (host.interrupted() || host.place.signal.aborted) return { interrupted: true } satisfies NodeEnd
    send('progress', { value: step, max: steps, prompt_id: promptId, node: node.id })
    const state = { value: step, max: steps, state: 'running', node_id: node.id, prompt_id: promptId }
    send('progress_state', { prompt_id: promptId, nodes: { [node.id]: { ...state, display_node_id: node.id } } })
    if (prompt.clientId !== null) host.sendBinary(prompt.clientId, PREVIEW)
  }
  try {
    return { ui: await save(prompt, node, host.place) } satisfies NodeEnd
  } catch (error) {
    return {
      error: error instanceof Error ? error.message : String(error),
      exceptionType: 'Exception',
    } satisfies NodeEnd
  }
}

/** What a save node writes, as its UI output (null for every other node). */
async function save(prompt: FakePrompt, node: FakeNode, place: OutputPlace): Promise<Json | null> {
  const saves = fakeClass(node.classType)?.saves
  if (!saves) return null
  const text = (value: unknown, fallback: string) => (typeof value === 'string' && value !== '' ? value : fallback)
  const request: SaveRequest = {
    prefix: text(node.inputs.filename_prefix, saves === 'video' ? 'AnimateDiff' : 'ComfyUI'),
    texts: [['prompt', prompt.promptText], ...prompt.pngInfo],
    look: lookOf(prompt, node),
  }
  if (saves === 'video') {
    const format = text(node.inputs.format, 'image/gif')
    return { gifs: [await saveVideo(place, request, format, Number(node.inputs.frame_rate) || 8)] }
  }
  if (saves === 'preview') request.prefix = `ComfyUI_temp_${randomBytes(3).toString('hex')}`
  return { images: [await saveImage(place, request, saves === 'preview' ? 'temp' : 'output')] }
}

/** The inputs upstream of a save node (seed, prompt text, size…): what its picture is drawn from. */
function lookOf(prompt: FakePrompt, node: FakeNode): string {
  const upstream = new Set<string>()
  const visit = (id: string) => {
    if (upstream.has(id) || !prompt.nodes.has(id)) return
    upstream.add(id)
    linkedIds(prompt.nodes.get(id) as FakeNode).forEach(visit)
  }
  linkedIds(node).forEach(visit)
  return [...upstream]
    .sort()
    .map((id) => `${id}:${prompt.nodes.get(id)?.inputsText}`)
    .join('\n')
}

/** The nodes the outputs need, each after its inputs (ComfyUI runs only what an output needs). */
function executionOrder(prompt: FakePrompt): string[] {
  const order: string[] = []
  const seen = new Set<string>()
  const visit = (id: string) => {
    if (seen.has(id) || !prompt.nodes.has(id)) return
    seen.add(id)
    linkedIds(prompt.nodes.get(id) as FakeNode).forEach(visit)
    order.push(id)
  }
  prompt.outputs.forEach(visit)
  return order
}
