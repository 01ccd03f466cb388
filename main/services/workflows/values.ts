import { JSON_MAX_DEPTH } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { parseLenientJson } from '../../../shared/lenient-json'

/**
 * Parses JSON text a channel received (Python's bare NaN and Infinity allowed); refuses, in words, text that is not JSON and nesting deeper than
 * JSON_MAX_DEPTH (the size is bounded by the contract). `what` names the field: "The definition".
 */
export function parseJsonText(text: string, what: string, objectsOnly = false): unknown {
  // Python's json (ComfyUI's) writes NaN and Infinity bare: read as its readers do, not refused.
  const parsed = parseLenientJson(text)
  if (!parsed.ok) throw new AppError('validation', `${what} is not valid JSON: ${parsed.error}`)
  const value = parsed.value
  if (objectsOnly && (value === null || typeof value !== 'object')) {
    throw new AppError('validation', `${what} must be a JSON object or array.`)
  }
  if (depthOf(value) > JSON_MAX_DEPTH) {
    throw new AppError('validation', `${what} nests deeper than ${JSON_MAX_DEPTH} levels.`)
  }
  return value
}

/** parseJsonText of a field that may be null (null stays null). */
export function jsonOrNull(text: string | null, what: string): unknown {
  return text === null ? null : parseJsonText(text, what)
}

/**
 * Stored JSON text back as a value; text another tool wrote that is not JSON comes back as the text. A
 * definition is kept as the file held it, so Python's bare NaN and Infinity (ComfyUI writes them) are read too.
 */
export function storedJson(text: string | null): unknown {
  if (text === null) return null
  const read = parseLenientJson(text)
  return read.ok ? read.value : text
}

/** A time given as text, as an ISO 8601 UTC string; refused in words when it is not a time. */
export function isoTime(text: string, what: string): string {
  const ms = Date.parse(text)
  if (!Number.isFinite(ms)) throw new AppError('validation', `${what} "${text}" is not a date and time (ISO 8601).`)
  return new Date(ms).toISOString()
}

/** A seed as exact decimal text (numbers come in as safe integers; larger seeds as text). */
export function seedText(seed: number | string | null | undefined): string | null {
  if (seed === null || seed === undefined) return null
  return typeof seed === 'number' ? String(seed) : BigInt(seed).toString()
}

/** The deepest nesting of arrays and objects in a parsed JSON value (its own stack: the value may be hostile). */
function depthOf(value: unknown): number {
  let deepest = 0
  const pending: [unknown, number][] = [[value, 1]]
  while (pending.length > 0) {
    const [next, depth] = pending.pop()!
    if (next === null || typeof next !== 'object') continue
    deepest = Math.max(deepest, depth)
    if (deepest > JSON_MAX_DEPTH) return deepest
    for (const child of Object.values(next)) pending.push([child, depth + 1])
  }
  return deepest
}
