import path from 'node:path'

/** How a ComfyUI prompt's run ended, in the workflow_executions table's words. */
export type HistoryStatus = 'completed' | 'failed' | 'cancelled'

/** One file a node of a run wrote, as the history names it (relative to ComfyUI's output folder). */
export interface HistoryOutput {
  nodeId: string
  /** The history's key for it: images, gifs, videos, audio… */
  kind: string
  filename: string
  subfolder: string
  /** 'output' for saved files; 'temp' for previews ComfyUI deletes at its next start. */
  type: string
}

/** What failed a run: the node and ComfyUI's message. */
export interface HistoryError {
  nodeId: string | null
  nodeType: string | null
  message: string
  exceptionType: string | null
}

/** One prompt id of a ComfyUI history: an execution with its outputs. */
export interface HistoryExecution {
  promptId: string
  /** The queue number ComfyUI gave the prompt. */
  number: number | null
  status: HistoryStatus
  /** ISO times from the status messages (ComfyUI's own clock, milliseconds). */
  startedAt: string | null
  completedAt: string | null
  error: HistoryError | null
  /** Nodes answered from ComfyUI's cache in this run. */
  cachedNodes: string[]
  /** The API-format prompt that ran, and the UI workflow the page sent along (extra_pnginfo). */
  apiPrompt: Record<string, unknown> | null
  workflow: Record<string, unknown> | null
  outputs: HistoryOutput[]
}

/** A history file read: its executions, oldest queue number first, and what could not be read. */
export interface ComfyHistory {
  executions: HistoryExecution[]
  problems: string[]
}

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null)
const time = (value: unknown): string | null =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? new Date(value).toISOString() : null

/**
 * Reads what ComfyUI's `/history` answers (and `/history/<prompt id>`): an object keyed by prompt
 * id, each entry holding `prompt` ([number, prompt id, API prompt, extra data, outputs to run]),
 * `outputs` per node and, since 2024, `status` with the run's messages
 * ([event, {timestamp, …}] for execution_start, execution_cached, execution_success,
 * execution_error, execution_interrupted). An entry that cannot be read is a problem, not a throw.
 */
export function readComfyHistory(history: unknown): ComfyHistory {
  if (!isObject(history)) return { executions: [], problems: ['The history is not a JSON object of prompt ids.'] }
  const executions: HistoryExecution[] = []
  const problems: string[] = []
  for (const [promptId, entry] of Object.entries(history)) {
    if (!isObject(entry)) {
      problems.push(`${promptId}: not a history entry`)
      continue
    }
    executions.push(readEntry(promptId, entry))
  }
  executions.sort((a, b) => (a.number ?? Infinity) - (b.number ?? Infinity))
  return { executions, problems }
}

function readEntry(promptId: string, entry: Json): HistoryExecution {
  const prompt = Array.isArray(entry.prompt) ? entry.prompt : []
  const extra = isObject(prompt[3]) ? prompt[3] : {}
  const pngInfo = isObject(extra.extra_pnginfo) ? extra.extra_pnginfo : {}
  const status = isObject(entry.status) ? entry.status : null
  const messages = status && Array.isArray(status.messages) ? status.messages.filter(isMessage) : []
  const find = (event: string) => messages.find(([name]) => name === event)?.[1]
  const started = find('execution_start')
  const success = find('execution_success')
  const failure = find('execution_error')
  const interrupted = find('execution_interrupted')
  const ended = success ?? failure ?? interrupted
  return {
    promptId,
    number: typeof prompt[0] === 'number' ? prompt[0] : null,
    status: statusOf(status, { failure, interrupted }),
    startedAt: time(started?.timestamp),
    completedAt: time(ended?.timestamp),
    error: failure
      ? {
          nodeId: text(failure.node_id),
          nodeType: text(failure.node_type),
          message: text(failure.exception_message)?.trim() || 'ComfyUI reported an error without a message.',
          exceptionType: text(failure.exception_type),
        }
      : interrupted
        ? {
            nodeId: text(interrupted.node_id),
            nodeType: text(interrupted.node_type),
            message: 'Interrupted.',
            exceptionType: null,
          }
        : null,
    cachedNodes: messages
      .filter(([name]) => name === 'execution_cached')
      .flatMap(([, data]) => (Array.isArray(data.nodes) ? data.nodes.map(String) : [])),
    apiPrompt: isObject(prompt[2]) ? prompt[2] : null,
    workflow: isObject(pngInfo.workflow) ? pngInfo.workflow : null,
    outputs: outputsOf(entry.outputs),
  }
}

function isMessage(message: unknown): message is [string, Json] {
  return Array.isArray(message) && typeof message[0] === 'string' && isObject(message[1])
}

// ComfyUI writes a prompt to its history once it has run (completed = success, so no 'running').
function statusOf(status: Json | null, ends: { failure?: Json; interrupted?: Json }): HistoryStatus {
  if (ends.interrupted) return 'cancelled'
  if (ends.failure || status?.status_str === 'error' || status?.completed === false) return 'failed'
  return 'completed'
}

function outputsOf(outputs: unknown): HistoryOutput[] {
  if (!isObject(outputs)) return []
  const found: HistoryOutput[] = []
  for (const [nodeId, byKind] of Object.entries(outputs)) {
    if (!isObject(byKind)) continue
    for (const [kind, files] of Object.entries(byKind)) {
      if (!Array.isArray(files)) continue
      for (const file of files) {
        if (!isObject(file) || typeof file.filename !== 'string' || file.filename === '') continue
        found.push({
          nodeId,
          kind,
          filename: file.filename,
          subfolder: text(file.subfolder) ?? '',
          type: text(file.type) ?? 'output',
        })
      }
    }
  }
  return found
}

/**
 * Where an output lives under ComfyUI's output folder; null when its name or subfolder would lead
 * out of that folder (a history is data from elsewhere: `../../.ssh/id_rsa` is not an output).
 */
export function outputFile(outputDir: string, output: HistoryOutput): string | null {
  const root = path.resolve(outputDir)
  if (path.isAbsolute(output.subfolder) || path.isAbsolute(output.filename)) return null
  const file = path.resolve(root, output.subfolder, output.filename)
  const inside = path.relative(root, file)
  return inside && !inside.startsWith('..') && !path.isAbsolute(inside) ? file : null
}
