import { parseLenientJson } from '../../shared/lenient-json'

/**
 * What happened to a queued prompt, from ComfyUI's websocket messages (or, after the socket was
 * lost, from its history). A run ends with `finished`; its outcome is the `success`, `error` or
 * `interrupted` before it (a server older than 2024 sends none of the three on success).
 */
export type RunEvent =
  /** Waiting: how many prompts the server holds (this one included). */
  | { type: 'queued'; queueRemaining: number }
  | { type: 'started'; at: number | null }
  /** Nodes answered from ComfyUI's cache (their inputs equal the previous run's). */
  | { type: 'cached'; nodes: string[] }
  | { type: 'executing'; node: string }
  /** A sampler's steps (or another node's units of work). */
  | { type: 'progress'; node: string | null; value: number; max: number }
  /** A node's UI output: `{ images: [{ filename, subfolder, type }] }`, VideoHelperSuite's `{ gifs: [...] }`… */
  | { type: 'executed'; node: string; output: Record<string, unknown> }
  | { type: 'success'; at: number | null }
  | {
      type: 'error'
      nodeId: string | null
      nodeType: string | null
      message: string
      exceptionType: string | null
      traceback: string[]
    }
  | { type: 'interrupted'; nodeId: string | null; nodeType: string | null }
  /** The live connection dropped: the rest comes from /history (no progress, outputs at the end). */
  | { type: 'lost'; reason: string }
  | { type: 'finished' }

/** One file a node's output names, as GET /view wants it. */
export type OutputFile = {
  /** The output's key: images, gifs, videos, audio… */
  kind: string
  filename: string
  /** `filename` as a name to keep: its last path part, without control characters, at most 200 characters. */
  name: string
  subfolder: string
  /** 'output' (kept), 'temp' (previews ComfyUI deletes) or 'input'. */
  type: string
  /** VideoHelperSuite's format ("video/h264-mp4", "image/gif"), when given. */
  format: string | null
}

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null)
const id = (value: unknown): string | null =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null
/**
 * The node ids of a list; anything else in it is dropped (never turned into text: a deeply nested array
 * would take the stack with it).
 */
const ids = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(id).filter((node): node is string => node !== null) : []
const number = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null)

/** A websocket text frame's `{type, data}`, or null when it is not one. */
export function readMessage(frame: string): { type: string; data: Json } | null {
  const parsed = parseLenientJson(frame)
  if (!parsed.ok || !isObject(parsed.value) || typeof parsed.value.type !== 'string') return null
  return { type: parsed.value.type, data: isObject(parsed.value.data) ? parsed.value.data : {} }
}

/** The run event for one ComfyUI message (websocket or history `status.messages`), or null for others. */
export function eventOf(type: string, data: Json): RunEvent | null {
  switch (type) {
    case 'status': {
      const status = isObject(data.status) ? data.status : {}
      const remaining = number(isObject(status.exec_info) ? status.exec_info.queue_remaining : undefined)
      return remaining === null ? null : { type: 'queued', queueRemaining: remaining }
    }
    case 'execution_start':
      return { type: 'started', at: number(data.timestamp) }
    case 'execution_cached':
      return { type: 'cached', nodes: ids(data.nodes) }
    case 'executing': {
      if (data.node === null) return { type: 'finished' }
      const node = id(data.node)
      return node === null ? null : { type: 'executing', node }
    }
    case 'progress': {
      const value = number(data.value)
      const max = number(data.max)
      return value === null || max === null ? null : { type: 'progress', node: id(data.node), value, max }
    }
    case 'executed': {
      const node = id(data.node)
      return node === null || !isObject(data.output) ? null : { type: 'executed', node, output: data.output }
    }
    case 'execution_success':
      return { type: 'success', at: number(data.timestamp) }
    case 'execution_error':
      return {
        type: 'error',
        nodeId: id(data.node_id),
        nodeType: text(data.node_type),
        message: text(data.exception_message)?.trim() || 'ComfyUI reported an error without a message.',
        exceptionType: text(data.exception_type),
        traceback: Array.isArray(data.traceback) ? data.traceback.filter((line) => typeof line === 'string') : [],
      }
    case 'execution_interrupted':
      return { type: 'interrupted', nodeId: id(data.node_id), nodeType: text(data.node_type) }
    default:
      return null
  }
}

/** The files a node's output names (every key whose items carry a filename), in order. */
export function outputFiles(output: Record<string, unknown>): OutputFile[] {
  const files: OutputFile[] = []
  for (const [kind, items] of Object.entries(output)) {
    if (!Array.isArray(items)) continue
    for (const item of items) {
      if (!isObject(item) || typeof item.filename !== 'string' || item.filename === '') continue
      files.push({
        kind,
        filename: item.filename,
        name: outputName(item.filename),
        subfolder: text(item.subfolder) ?? '',
        type: text(item.type) ?? 'output',
        format: text(item.format),
      })
    }
  }
  return files
}

const MAX_NAME = 200

/**
 * A file name a server sent, made safe to keep as an asset's name: the part after the last slash or
 * backslash, control characters (NUL among them) dropped, cut to 200 characters with its extension kept;
 * "output" when nothing is left.
 */
export function outputName(filename: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is dropped.
  const base = (filename.split(/[\\/]/).at(-1) ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim()
  if (base === '' || base === '.' || base === '..') return 'output'
  if (base.length <= MAX_NAME) return base
  const ext = /\.[^.]{1,10}$/.exec(base)?.[0] ?? ''
  return base.slice(0, MAX_NAME - ext.length) + ext
}
