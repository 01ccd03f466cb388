import { randomUUID } from 'node:crypto'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { parseLenientJson } from '../../../shared/lenient-json'
import { RunCache } from './cache'
import { BodyTooLarge, readBody, replyJson, replyText, serveView, SYSTEM_STATS } from './http'
import type { OutputPlace } from './outputs'
import type { FakeScenarios } from './prompt'
import { FakeQueue } from './queue'
import { runPrompt, type RunHost } from './run'
import { SocketHub } from './socket'
import { readPromptRequest } from './validate'

export { MAGIC, type FakeScenarios } from './prompt'

/** How to start a fake ComfyUI server. */
export type FakeComfyOptions = FakeScenarios & {
  /** The ffmpeg executable that draws the outputs (the host passes its toolkit's). */
  ffmpeg: string
  /** Port on 127.0.0.1 (0: a free one, the default). */
  port?: number
  /** ComfyUI's output folder (kept on close); default a temp folder removed on close. */
  outputDir?: string
  /** How videos carry prompt and workflow: VideoHelperSuite's `prompt`/`workflow` tags (default) or its older `comment`. */
  videoTags?: 'keys' | 'comment'
  /** Told one line per request and run (for a host's console). */
  log?: (line: string) => void
}

/** A running fake ComfyUI server. */
export type FakeComfy = {
  /** Its base URL, http://127.0.0.1:<port>. */
  url: string
  port: number
  outputDir: string
  /** Stops runs and sockets, closes the server, removes the folders it made. */
  close(): Promise<void>
}

const MAX_BODY = 64 * 1024 * 1024
type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Starts a stand-in for a ComfyUI server on 127.0.0.1 speaking its HTTP and websocket protocol
 * with the recorded message shapes (`npm run web -- --fake-comfy`, and the tests): /system_stats,
 * /prompt, /queue, /history, /view, /interrupt and /ws?clientId=. Outputs are real files drawn
 * with ffmpeg and carrying the prompt and workflow exactly as received; failure scenarios come
 * from the options or from magic text in a prompt (see MAGIC).
 */
export async function startFakeComfy(options: FakeComfyOptions): Promise<FakeComfy> {
  // ComfyUI's temp and input folders (and ffmpeg's scratch files) live in a folder of its own.
  const ownDir = await mkdtemp(path.join(os.tmpdir(), 'framevault-fake-comfy-'))
  const outputDir = path.resolve(options.outputDir ?? path.join(ownDir, 'output'))
  const stopping = new AbortController()
  const place: OutputPlace = {
    ffmpeg: options.ffmpeg,
    outputDir,
    tempDir: path.join(ownDir, 'temp'),
    workDir: path.join(ownDir, 'work'),
    signal: stopping.signal,
    videoTags: options.videoTags ?? 'keys',
  }
  for (const dir of [outputDir, place.tempDir, place.workDir]) await mkdir(dir, { recursive: true })
  const dirs = { output: outputDir, temp: place.tempDir, input: path.join(ownDir, 'input') }
  const log = options.log ?? (() => undefined)
  const queue = new FakeQueue()
  const cache = new RunCache()
  let currentNode: string | null = null
  const status = () => ({ status: { exec_info: { queue_remaining: queue.remaining() } } })
  const hub = new SocketHub((sid) => {
    const hello: [string, Json][] = [['status', { ...status(), sid }]]
    // A client reconnecting mid-run is told the node running now (without a prompt id, as ComfyUI does).
    if (queue.running?.clientId === sid && currentNode !== null) hello.push(['executing', { node: currentNode }])
    return hello
  })
  const host: RunHost = {
    send: (to, type, data) => hub.send(to, type, data),
    sendBinary: (to, bytes) => hub.sendBinary(to, bytes),
    drop: (clientId) => hub.drop(clientId),
    interrupted: () => queue.interruptRequested || stopping.signal.aborted,
    setCurrentNode: (node) => {
      currentNode = node
    },
    place,
  }

  let working: Promise<void> | null = null
  const work = async () => {
    for (let prompt = queue.take(); prompt && !stopping.signal.aborted; prompt = queue.take()) {
      hub.send(null, 'status', status())
      log(`fake ComfyUI: running prompt ${prompt.promptId}`)
      const record = await runPrompt(prompt, host, cache)
      queue.finish(prompt, record)
      hub.send(null, 'status', status())
      if (prompt.clientId !== null) hub.send(prompt.clientId, 'executing', { node: null, prompt_id: prompt.promptId })
      log(`fake ComfyUI: prompt ${prompt.promptId} ended: ${record.status.status_str}`)
    }
  }
  const startWork = () => {
    working ??= work()
      .catch((error: unknown) => log(`fake ComfyUI: the queue stopped: ${String(error)}`))
      .finally(() => {
        working = null
        if (queue.remaining() > 0 && !stopping.signal.aborted) startWork()
      })
  }

  const postPrompt = async (req: IncomingMessage, res: ServerResponse) => {
    const verdict = readPromptRequest(await readBody(req, MAX_BODY), options)
    if (!verdict.ok) {
      log(`fake ComfyUI: refused a prompt: ${verdict.body.error.message}`)
      return replyJson(res, 400, JSON.stringify(verdict.body))
    }
    const number = queue.nextNumber()
    const promptId = randomUUID()
    queue.put({ ...verdict.prompt, number, promptId })
    hub.send(null, 'status', status())
    startWork()
    replyJson(res, 200, JSON.stringify({ prompt_id: promptId, number, node_errors: verdict.nodeErrors }))
  }

  /** A POST body read as a JSON object; `{}` when it is empty or not one (ComfyUI's /interrupt allows no body). */
  const bodyObject = async (req: IncomingMessage): Promise<Json> => {
    const parsed = parseLenientJson(await readBody(req, MAX_BODY))
    return parsed.ok && isObject(parsed.value) ? parsed.value : {}
  }
  const idsOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : [])

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake')
    // ComfyUI serves each route also under /api (its frontend's prefix).
    const where = url.pathname.replace(/^\/api(?=\/)/, '')
    const get = req.method === 'GET' || req.method === 'HEAD'
    const post = req.method === 'POST'
    if (get && where === '/system_stats') return replyJson(res, 200, JSON.stringify(SYSTEM_STATS))
    if (get && where === '/prompt') return replyJson(res, 200, JSON.stringify({ exec_info: status().status.exec_info }))
    if (post && where === '/prompt') return postPrompt(req, res)
    if (get && where === '/queue') return replyJson(res, 200, queue.queueText())
    if (post && where === '/queue') {
      const body = await bodyObject(req)
      queue.edit(body.clear === true, idsOf(body.delete))
      hub.send(null, 'status', status())
      return replyText(res, 200, '')
    }
    if (get && where === '/history') {
      const max = Number(url.searchParams.get('max_items') ?? NaN)
      return replyJson(res, 200, queue.historyText(undefined, Number.isInteger(max) && max >= 0 ? max : undefined))
    }
    if (get && where.startsWith('/history/')) {
      return replyJson(res, 200, queue.historyText(decodeURIComponent(where.slice('/history/'.length))))
    }
    if (post && where === '/history') {
      const body = await bodyObject(req)
      queue.editHistory(body.clear === true, idsOf(body.delete))
      return replyText(res, 200, '')
    }
    if (post && where === '/interrupt') {
      const body = await bodyObject(req)
      const promptId = typeof body.prompt_id === 'string' && body.prompt_id !== '' ? body.prompt_id : null
      if (queue.interrupt(promptId)) log(`fake ComfyUI: interrupting ${queue.running?.promptId}`)
      return replyText(res, 200, '')
    }
    if (get && where === '/view') return serveView(res, url.searchParams, dirs)
    replyText(res, 404, '404: Not Found')
  }

  const server = createServer((req, res) => {
    // A client that goes away mid-request is no error of the server's.
    req.on('error', () => res.destroy())
    res.on('error', () => res.destroy())
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.destroy()
      if (error instanceof BodyTooLarge) return replyText(res, 413, '413: Request Entity Too Large')
      log(`fake ComfyUI: ${req.method} ${req.url} failed: ${String(error)}`)
      replyText(res, 500, '500 Internal Server Error\n\nServer got itself in trouble')
    })
  })
  server.on('clientError', (_error, socket) => socket.destroy())
  server.on('upgrade', (req, socket, head: Buffer) => hub.upgrade(req, socket, head))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  server.on('error', (error) => log(`fake ComfyUI: server error: ${String(error)}`))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    outputDir,
    async close() {
      stopping.abort()
      hub.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await working
      await rm(ownDir, { recursive: true, force: true })
    },
  }
}
