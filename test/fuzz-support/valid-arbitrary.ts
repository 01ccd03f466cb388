import { existsSync } from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import {
  WRAPPER_KINDS,
  acceptedKinds,
  arrayRules,
  defOf,
  innerOf,
  isStrict,
  numberRules,
  shapeOf,
  stringRules,
  unsupported,
  type NumberRules,
  type StringRules,
} from './zod-def'

// Generated strings are short: the fuzzer looks for crashes and writes, not for throughput.
const STRING_SPAN = 48
// Arrays stay small for the same reason; a valid `media:import` of 10,000 paths proves nothing more.
const ARRAY_SPAN = 4

/**
 * Values the schema's visible rules accept (kind, bounds, formats, strictness). Refinements and
 * transforms are opaque, so a generated value may still be refused by the channel.
 */
export function validArbitrary(schema: unknown): fc.Arbitrary<unknown> {
  const def = defOf(schema)
  if (WRAPPER_KINDS[def.type]) {
    return fc.option(validArbitrary(innerOf(def)), { nil: def.type === 'nullable' ? null : undefined })
  }
  switch (def.type) {
    case 'object':
      isStrict(def) // throws on catchalls the generator does not model
      return objectArbitrary(shapeOf(def))
    case 'string':
      return stringArbitrary(stringRules(def))
    case 'number':
      return numberArbitrary(numberRules(def))
    case 'boolean':
      return fc.boolean()
    case 'array': {
      const { min, max } = arrayRules(def)
      return fc.array(validArbitrary(def.element), {
        minLength: min,
        maxLength: Math.min(max ?? Infinity, min + ARRAY_SPAN),
      })
    }
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as object))
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]))
    case 'union':
      return fc.oneof(...(def.options as unknown[]).map(validArbitrary))
    default:
      return unsupported(`schema kind "${def.type}"`)
  }
}

function objectArbitrary(shape: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(shape)
  const model = Object.fromEntries(keys.map((key) => [key, validArbitrary(shape[key])]))
  // Fields that accept `undefined` (optional, default) are sometimes left out entirely.
  const requiredKeys = keys.filter((key) => !acceptedKinds(shape[key]).has('undefined'))
  return fc.record(model, { requiredKeys, noNullPrototype: true })
}

function stringArbitrary({ min, max, format, patterns }: StringRules): fc.Arbitrary<string> {
  if (format === 'uuid') return fc.uuid()
  const cap = Math.min(max ?? Infinity, min + STRING_SPAN)
  const fits = (text: string) =>
    text.length >= min && text.length <= (max ?? Infinity) && patterns.every((pattern) => pattern.test(text))
  if (patterns.length) return fc.stringMatching(patterns[0], { maxLength: cap }).filter(fits)
  return fc.oneof(
    fc.string({ minLength: min, maxLength: cap }),
    // Code points outside the BMP take two UTF-16 units, so half the span keeps most within bounds.
    fc.string({ unit: 'binary', minLength: min, maxLength: Math.max(min, Math.floor(cap / 2)) }).filter(fits),
    // Several channels take absolute paths; this makes their refinement pass now and then.
    fc
      .string({ maxLength: cap })
      .map((text) => `/${text}`.slice(0, Math.max(cap, 1)))
      .filter(fits),
  )
}

function numberArbitrary(rules: NumberRules): fc.Arbitrary<number> {
  const { min, max, minExcluded, maxExcluded } = rules
  if (rules.integer) {
    return fc.integer({
      min: minExcluded ? Math.floor(min) + 1 : Math.ceil(min),
      max: maxExcluded ? Math.ceil(max) - 1 : Math.floor(max),
    })
  }
  return fc.double({ min, max, minExcluded, maxExcluded, noNaN: true, noDefaultInfinity: true })
}

// Absolute paths in POSIX, drive-letter and UNC form: what the contract's path schemas accept.
const ABSOLUTE = /^(?:[A-Za-z]:[\\/]|[\\/])[\\/]*/

/**
 * The value with every absolute-path-like string moved inside `sandbox`, so a valid import,
 * backup or restore the fuzzer sends can only read or write there (never `/`, never the cwd).
 */
export function confinePaths(value: unknown, sandbox: string): unknown {
  if (typeof value === 'string') {
    if (!ABSOLUTE.test(value)) return value
    const moved = path.resolve(sandbox, value.replace(ABSOLUTE, '').replaceAll('\\', '/'))
    return moved.startsWith(sandbox + path.sep) ? moved : path.join(sandbox, 'escaped')
  }
  if (Array.isArray(value)) return value.map((item) => confinePaths(item, sandbox))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, confinePaths(item, sandbox)]))
  }
  return value
}

/**
 * True when a value holds a string naming an existing absolute path. Malformed inputs carrying
 * one are never sent: if a defect let one through, it must not import or overwrite real files.
 * Walks with its own stack, since malformed values nest 10,000 deep.
 */
export function namesExistingPath(value: unknown): boolean {
  const pending: unknown[] = [value]
  while (pending.length) {
    const next = pending.pop()
    if (typeof next === 'string' && path.isAbsolute(next) && existsSync(next)) return true
    if (next && typeof next === 'object') pending.push(...Object.keys(next), ...Object.values(next))
  }
  return false
}
