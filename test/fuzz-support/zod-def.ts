/**
 * Reads the parts of a zod v4 schema the contract fuzzer needs (kind, bounds, strictness) from
 * `schema._zod.def`. Anything it does not know throws, so a new channel that uses a schema kind
 * or check the fuzzer cannot generate for fails loudly instead of escaping the fuzzing.
 */

/** The JSON-ish kinds a value can have; `undefined` stands for an omitted field. */
export type ValueKind = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object' | 'undefined'

export interface ZodDef {
  type: string
  [key: string]: unknown
}

interface CheckDef {
  check?: string
  [key: string]: unknown
}

/** Wrappers that only widen what their inner schema accepts, with the kind they add. */
export const WRAPPER_KINDS: Readonly<Record<string, ValueKind>> = {
  nullable: 'null',
  optional: 'undefined',
  default: 'undefined',
}

const STRING_FORMATS = new Set(['uuid', 'regex'])
const INTEGER_FORMATS: Readonly<Record<string, [number, number]>> = {
  safeint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
}
// Transforms and refinements are opaque functions: a generated "valid" value may fail them, which
// is why the fuzzer asserts only a typed, non-internal answer for valid inputs.
const OPAQUE_CHECKS = new Set(['overwrite', 'custom'])

/** Throws the loud failure for a schema kind or check the fuzzer does not know. */
export function unsupported(what: string): never {
  throw new Error(
    `Contract fuzzer: unsupported zod ${what}. Teach test/fuzz-support/ to generate it before using it in shared/contract.`,
  )
}

/** The definition object of a zod v4 schema. */
export function defOf(schema: unknown): ZodDef {
  const def = (schema as { _zod?: { def?: ZodDef } } | null)?._zod?.def
  if (!def || typeof def.type !== 'string') return unsupported('value (not a zod v4 schema)')
  return def
}

/** The schema inside a wrapper (nullable, optional, default). */
export function innerOf(def: ZodDef): unknown {
  return def.innerType
}

/** The check definitions of a schema, including a format the schema carries itself (z.uuid(), z.int()). */
function checksOf(def: ZodDef): CheckDef[] {
  const own = typeof def.check === 'string' ? [def as CheckDef] : []
  const checks = (def.checks as { _zod: { def: CheckDef } }[] | undefined) ?? []
  return [...own, ...checks.map((check) => check._zod.def)]
}

export interface StringRules {
  min: number
  max: number | undefined
  format: string | undefined
  /** Patterns the string must match (`.regex()`); generated with fast-check's stringMatching. */
  patterns: RegExp[]
}

/** Length bounds and format of a string schema. */
export function stringRules(def: ZodDef): StringRules {
  const rules: StringRules = { min: 0, max: undefined, format: undefined, patterns: [] }
  for (const check of checksOf(def)) {
    if (check.check === 'min_length') rules.min = Math.max(rules.min, check.minimum as number)
    else if (check.check === 'max_length') rules.max = Math.min(rules.max ?? Infinity, check.maximum as number)
    else if (check.check === 'length_equals') rules.min = rules.max = check.length as number
    else if (check.check === 'string_format' && STRING_FORMATS.has(check.format as string)) {
      if (check.format === 'regex') rules.patterns.push(check.pattern as RegExp)
      else rules.format = check.format as string
    } else if (!OPAQUE_CHECKS.has(check.check ?? '')) unsupported(`string check "${check.check}/${check.format}"`)
  }
  return rules
}

export interface NumberRules {
  min: number
  max: number
  minExcluded: boolean
  maxExcluded: boolean
  integer: boolean
}

/** Bounds of a number schema, and whether it takes integers only. */
export function numberRules(def: ZodDef): NumberRules {
  const rules: NumberRules = {
    min: -Number.MAX_VALUE,
    max: Number.MAX_VALUE,
    minExcluded: false,
    maxExcluded: false,
    integer: false,
  }
  for (const check of checksOf(def)) {
    const value = check.value as number
    if (check.check === 'number_format' && INTEGER_FORMATS[check.format as string]) {
      const [low, high] = INTEGER_FORMATS[check.format as string]
      Object.assign(rules, { integer: true, min: Math.max(rules.min, low), max: Math.min(rules.max, high) })
    } else if (check.check === 'greater_than' && value >= rules.min) {
      Object.assign(rules, { min: value, minExcluded: !check.inclusive })
    } else if (check.check === 'less_than' && value <= rules.max) {
      Object.assign(rules, { max: value, maxExcluded: !check.inclusive })
    } else if (check.check !== 'greater_than' && check.check !== 'less_than' && !OPAQUE_CHECKS.has(check.check ?? '')) {
      unsupported(`number check "${check.check}/${check.format}"`)
    }
  }
  return rules
}

/** Item-count bounds of an array schema. */
export function arrayRules(def: ZodDef): { min: number; max: number | undefined } {
  const rules = { min: 0, max: undefined as number | undefined }
  for (const check of checksOf(def)) {
    if (check.check === 'min_length') rules.min = check.minimum as number
    else if (check.check === 'max_length') rules.max = check.maximum as number
    else if (check.check === 'length_equals') rules.min = rules.max = check.length as number
    else if (!OPAQUE_CHECKS.has(check.check ?? '')) unsupported(`array check "${check.check}"`)
  }
  return rules
}

/** The fields of an object schema. */
export function shapeOf(def: ZodDef): Record<string, unknown> {
  return def.shape as Record<string, unknown>
}

/** True when an object schema refuses unknown keys (`.strict()`); plain objects strip them. */
export function isStrict(def: ZodDef): boolean {
  const catchall = def.catchall as unknown
  if (catchall === undefined) return false
  if (defOf(catchall).type === 'never') return true
  return unsupported('object catchall other than strict or strip')
}

/** The value kinds a schema accepts, ignoring bounds and refinements. */
export function acceptedKinds(schema: unknown): Set<ValueKind> {
  const def = defOf(schema)
  if (WRAPPER_KINDS[def.type]) return new Set([...acceptedKinds(innerOf(def)), WRAPPER_KINDS[def.type]])
  switch (def.type) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'array':
    case 'object':
      return new Set([def.type])
    case 'enum':
      return new Set(Object.values(def.entries as object).map(kindOf))
    case 'literal':
      return new Set((def.values as unknown[]).map(kindOf))
    case 'union':
      return new Set((def.options as unknown[]).flatMap((option) => [...acceptedKinds(option)]))
    default:
      return unsupported(`schema kind "${def.type}"`)
  }
}

/** The kind of a plain value. */
export function kindOf(value: unknown): ValueKind {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  const type = typeof value
  if (type === 'string' || type === 'number' || type === 'boolean' || type === 'undefined' || type === 'object') {
    return type
  }
  return unsupported(`literal of type ${type}`)
}
