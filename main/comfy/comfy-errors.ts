import { AppError, type ErrorCode } from '../../shared/errors'

/** What went wrong talking to ComfyUI, finer than the error code (the UI may word or retry by it). */
export type ComfyFailure =
  | 'bad-url'
  | 'refused'
  | 'timeout'
  | 'unreachable'
  | 'not-comfy'
  | 'http-status'
  | 'bad-prompt'
  | 'prompt-refused'
  | 'run-lost'
  | 'download'
  /** A server that sent the client to another server. */
  | 'redirect'
  /** An answer or an output larger than Framevault reads. */
  | 'too-large'

/** One node ComfyUI's validation refused, with its reasons (`node_errors` of a /prompt answer). */
export type ComfyNodeError = {
  nodeId: string
  classType: string | null
  errors: { type: string; message: string; details: string }[]
}

/** A failure talking to a ComfyUI server; `message` says it in words a person can act on. */
export class ComfyError extends AppError {
  constructor(
    code: ErrorCode,
    readonly failure: ComfyFailure,
    message: string,
    details?: unknown,
  ) {
    super(code, message, details)
    this.name = 'ComfyError'
  }
}

/** ComfyUI refused a prompt (HTTP 400): the reason and each refused node. */
export class ComfyPromptRefused extends ComfyError {
  constructor(
    message: string,
    readonly reason: { type: string; message: string; details: string },
    readonly nodeErrors: ComfyNodeError[],
  ) {
    super('validation', 'prompt-refused', message, { reason, nodeErrors })
    this.name = 'ComfyPromptRefused'
  }
}

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
const text = (value: unknown): string => (typeof value === 'string' ? value : value == null ? '' : String(value))

/**
 * The nodes of a /prompt answer's `node_errors`: `{ id: { errors: [{type, message, details}],
 * class_type, dependent_outputs } }`. Servers before 2023 answered a list; it reads as none.
 */
export function readNodeErrors(value: unknown): ComfyNodeError[] {
  if (!isObject(value)) return []
  return Object.entries(value).map(([nodeId, entry]) => {
    const node = isObject(entry) ? entry : {}
    const errors = Array.isArray(node.errors) ? node.errors.filter(isObject) : []
    return {
      nodeId,
      classType: typeof node.class_type === 'string' ? node.class_type : null,
      errors: errors.map((error) => ({
        type: text(error.type),
        message: text(error.message),
        details: text(error.details),
      })),
    }
  })
}

/** One reason as ComfyUI's own console prints it: "message: details". */
const reasonText = (reason: { message: string; details: string }): string =>
  reason.details && reason.message
    ? `${stripStop(reason.message)}: ${reason.details}`
    : reason.message || reason.details

/** The error for a /prompt refusal (`{"error": {...} | "text", "node_errors": {...}}`), naming each node. */
export function promptRefusal(body: unknown): ComfyPromptRefused {
  const answer = isObject(body) ? body : {}
  const error = isObject(answer.error) ? answer.error : { message: text(answer.error) }
  const reason = { type: text(error.type), message: text(error.message), details: text(error.details) }
  const nodeErrors = readNodeErrors(answer.node_errors)
  const nodes = nodeErrors.map((node) => {
    const name = node.classType ? `Node ${node.nodeId} (${node.classType})` : `Node ${node.nodeId}`
    const why = node.errors.map(reasonText).filter(Boolean).join('; ') || 'refused without a reason'
    return `${name}: ${why}.`
  })
  // With node errors the reason's details only repeat them; without, they name the node ("Node ID '#5'").
  const headline = nodes.length > 0 ? reason.message : reasonText(reason)
  const message = [`ComfyUI refused the prompt: ${stripStop(headline || 'no reason given')}.`, ...nodes].join(' ')
  return new ComfyPromptRefused(message, reason, nodeErrors)
}

const stripStop = (line: string): string => line.trim().replace(/\.+$/, '')
