import fc from 'fast-check'
import type { z } from 'zod'
import { isDocumentText } from '../../shared/contract/document'
import { outOfBounds } from './out-of-bounds'
import { validArbitrary } from './valid-arbitrary'
import {
  WRAPPER_KINDS,
  acceptedKinds,
  defOf,
  innerOf,
  isStrict,
  numberRules,
  shapeOf,
  stringRules,
  type ValueKind,
  type ZodDef,
} from './zod-def'

/** Ways to break a JSON input, each applied at some node of the channel's schema. */
export const MUTATIONS = [
  'wrong-type',
  'out-of-bounds',
  'extra-key',
  'proto-key',
  'huge-string',
  'unstorable-char',
  'deep-nesting',
  'odd-number',
] as const
export type Mutation = (typeof MUTATIONS)[number]
export type Transport = 'dispatch' | 'http'

/** A malformed input, where in it the break is, and what the break is; prints short on failure. */
export interface Mutant {
  value: unknown
  where: string
  what: string
}

/**
 * Contract policy, not a schema bound: no channel takes a string longer than this, so a longer
 * one must be refused even if someone drops a `.max()` from the contract.
 */
export const LONGEST_ACCEPTED_STRING = 64 * 1024
const HUGE_STRING_MAX: Record<Transport, number> = { dispatch: 2 * 1024 * 1024, http: 900 * 1024 }
const DEEP_MIN = 1000
const DEEP_MAX = 10_000

/** Stands in for JSON text that JSON.stringify cannot produce (10,000 levels overflow its stack). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** A mutant with a one-line description for fast-check's counterexample report. */
function mutant(value: unknown, where: string, what: string): Mutant {
  return {
    value,
    where,
    what,
    [fc.toStringMethod]: () => `${what} at ${where}`,
  } as Mutant
}

/**
 * Inputs that are malformed by construction: `mutation` applied at one node of `schema`, the rest
 * valid. Null when the schema has no node where the mutation applies (or the transport cannot
 * carry it: JSON has no NaN).
 */
export function malformedArbitrary(
  schema: unknown,
  mutation: Mutation,
  transport: Transport,
): fc.Arbitrary<Mutant> | null {
  if (mutation === 'odd-number' && transport === 'http') return null
  return mutate(schema, { mutation, transport }, new Set(), '$')
}

interface Plan {
  mutation: Mutation
  transport: Transport
}

function mutate(schema: unknown, plan: Plan, widened: Set<ValueKind>, where: string): fc.Arbitrary<Mutant> | null {
  const def = defOf(schema)
  // A wrapper (nullable, optional) is no node of its own: it widens what its inner node accepts.
  if (WRAPPER_KINDS[def.type]) return mutate(innerOf(def), plan, new Set([...widened, WRAPPER_KINDS[def.type]]), where)
  const accepted = new Set([...acceptedKinds(schema), ...widened])
  const options = [mutateHere(schema, def, plan, accepted, where), ...mutateBelow(schema, def, plan, where)]
  const present = options.filter((option): option is fc.Arbitrary<Mutant> => option !== null)
  return present.length ? fc.oneof(...present) : null
}

function mutateBelow(schema: unknown, def: ZodDef, plan: Plan, where: string): (fc.Arbitrary<Mutant> | null)[] {
  if (def.type === 'object') {
    return Object.entries(shapeOf(def)).map(([key, field]) => {
      const broken = mutate(field, plan, new Set(), `${where}.${key}`)
      return (
        broken &&
        fc
          .tuple(validArbitrary(schema), broken)
          .map(([base, bad]) => mutant({ ...(base as object), [key]: bad.value }, bad.where, bad.what))
      )
    })
  }
  if (def.type === 'array') {
    const broken = mutate(def.element, plan, new Set(), `${where}[]`)
    const withBroken = ([base, bad, at]: [unknown, Mutant, number]) => {
      const items = [...(base as unknown[])]
      items.splice(at % (items.length + 1), 0, bad.value)
      return mutant(items, bad.where, bad.what)
    }
    return [broken && fc.tuple(validArbitrary(schema), broken, fc.nat()).map(withBroken)]
  }
  return []
}

function mutateHere(
  schema: unknown,
  def: ZodDef,
  plan: Plan,
  accepted: Set<ValueKind>,
  where: string,
): fc.Arbitrary<Mutant> | null {
  const at = (what: string) => (value: unknown) => mutant(value, where, what)
  switch (plan.mutation) {
    case 'wrong-type':
      return wrongType(schema, def, accepted, where)
    case 'out-of-bounds':
      return outOfBounds(def)?.map((value) => mutant(value, where, `out of bounds: ${brief(value)}`)) ?? null
    case 'extra-key':
      if (def.type !== 'object' || !isStrict(def)) return null
      return withKey(
        schema,
        fc.string({ minLength: 1, maxLength: 12 }).filter((key) => !(key in shapeOf(def))),
        fc.jsonValue({ maxDepth: 2 }),
      ).map(at('extra key'))
    case 'proto-key':
      if (def.type !== 'object' || !isStrict(def)) return null
      return withKey(
        schema,
        fc.constantFrom('__proto__', 'constructor', 'prototype'),
        fc.constantFrom({ polluted: true }, { prototype: { polluted: true } }, null),
      ).map(at('prototype key'))
    case 'huge-string': {
      if (def.type !== 'string') return null
      // zod measures strings in code points, so lengths here are code points (an emoji is two UTF-16
      // units). A marked document is held to its own bound, past the policy's (shared/contract/document.ts).
      const document = isDocumentText(schema as z.ZodType)
      const shortest = (document ? stringRules(def).max! : LONGEST_ACCEPTED_STRING) + 1
      return fc
        .tuple(
          fc.integer({ min: shortest, max: document ? shortest + 1024 : HUGE_STRING_MAX[plan.transport] }),
          fc.constantFrom('a', ' ', 'é', '😀'),
        )
        .map(([length, unit]) => mutant(unit.repeat(length), where, `string of ${length} code points`))
    }
    case 'unstorable-char':
      if (def.type === 'object' && isStrict(def))
        return withKey(schema, unstorableIn(fc.string({ maxLength: 6 })), fc.constant(1)).map(
          at('key with a lone surrogate or NUL'),
        )
      if (def.type !== 'string') return null
      return unstorableIn(validArbitrary(schema) as fc.Arbitrary<string>).map(at('lone surrogate or NUL'))
    case 'deep-nesting':
      return deepNesting(accepted, plan.transport, where)
    case 'odd-number': {
      // -0 is a fine 0 wherever a number that may be 0 is accepted (unions included).
      const zeroFits = accepted.has('number') && (def.type !== 'number' || zeroInRange(def))
      return fc
        .constantFrom(NaN, Infinity, -Infinity, ...(zeroFits ? [] : [-0]))
        .map((value) => mutant(value, where, `number ${Object.is(value, -0) ? '-0' : value}`))
    }
  }
}

// Values of every kind; a wrong-type break picks one whose kind the node does not accept.
const VALUES_BY_KIND: Record<Exclude<ValueKind, 'undefined'>, fc.Arbitrary<unknown>> = {
  string: fc.string({ maxLength: 8 }),
  number: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
  boolean: fc.boolean(),
  null: fc.constant(null),
  array: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  object: fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 }), {
    maxKeys: 3,
    noNullPrototype: true,
  }),
}

function wrongType(schema: unknown, def: ZodDef, accepted: Set<ValueKind>, where: string): fc.Arbitrary<Mutant> {
  const kinds = (Object.keys(VALUES_BY_KIND) as (keyof typeof VALUES_BY_KIND)[]).filter((kind) => !accepted.has(kind))
  const options = kinds.map((kind) => VALUES_BY_KIND[kind].map((value) => mutant(value, where, `a ${kind} instead`)))
  if (def.type === 'object') {
    const required = Object.entries(shapeOf(def)).filter(([, field]) => !acceptedKinds(field).has('undefined'))
    for (const [key] of required) {
      options.push(validArbitrary(schema).map((base) => mutant(omit(base as object, key), where, `missing "${key}"`)))
    }
  }
  const choices =
    def.type === 'enum'
      ? Object.values(def.entries as object)
      : def.type === 'literal'
        ? (def.values as unknown[])
        : null
  if (choices) {
    options.push(
      fc
        .string({ maxLength: 12 })
        .filter((text) => !choices.includes(text))
        .map((value) => mutant(value, where, 'a value outside the choices')),
    )
  }
  return fc.oneof(...options)
}

function brief(value: unknown): string {
  if (typeof value === 'string') return value.length > 12 ? `string of ${value.length} units` : JSON.stringify(value)
  return Array.isArray(value) ? `${value.length} items` : String(value)
}

function omit(object: object, key: string): object {
  const copy: Record<string, unknown> = { ...object }
  delete copy[key]
  return copy
}

/** The valid object with one more own key, set the way JSON.parse sets it (even `__proto__`). */
function withKey(schema: unknown, keys: fc.Arbitrary<string>, values: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(validArbitrary(schema), keys, values).map(([base, key, value]) => {
    const copy = { ...(base as object) }
    Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true })
    return copy
  })
}

/**
 * A text with a character no library can store put in: a lone surrogate (SQLite would keep invalid UTF-8) or a NUL
 * (PostgreSQL cannot hold it).
 */
function unstorableIn(texts: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const unit = fc.oneof(fc.integer({ min: 0xd800, max: 0xdfff }), fc.constant(0))
  return fc
    .tuple(texts, unit, fc.nat())
    .map(([text, code, at]) => {
      const index = at % (text.length + 1)
      // Replace a unit when there is one, so a length bound cannot be what refuses the value.
      return text.slice(0, index) + String.fromCharCode(code) + text.slice(text.length ? index + 1 : index)
    })
    .filter((text) => !isWellFormed(text) || text.includes('\u0000'))
}

// ES2023's lib does not declare it yet; Node 20 has it.
function isWellFormed(text: string): boolean {
  return (text as string & { isWellFormed(): boolean }).isWellFormed()
}

function deepNesting(accepted: Set<ValueKind>, transport: Transport, where: string): fc.Arbitrary<Mutant> | null {
  const shape = !accepted.has('array') ? 'array' : !accepted.has('object') ? 'object' : null
  if (!shape) return null
  return fc.integer({ min: DEEP_MIN, max: DEEP_MAX }).map((depth) => {
    const what = `${depth} nested ${shape}s`
    if (transport === 'http') {
      const [open, close] = shape === 'array' ? ['[', ']'] : ['{"d":', '}']
      return mutant(new RawJson(open.repeat(depth) + '0' + close.repeat(depth)), where, what)
    }
    let value: unknown = 0
    for (let level = 0; level < depth; level++) value = shape === 'array' ? [value] : { d: value }
    return mutant(value, where, what)
  })
}

function zeroInRange(def: ZodDef): boolean {
  const { min, max, minExcluded, maxExcluded } = numberRules(def)
  return (min < 0 || (min === 0 && !minExcluded)) && (max > 0 || (max === 0 && !maxExcluded))
}

/** JSON text of a mutant's value, with RawJson placeholders spliced in verbatim. */
export function toJsonText(value: unknown): string {
  const raws: string[] = []
  const text = JSON.stringify(value, (_key, node: unknown) => {
    if (!(node instanceof RawJson)) return node
    raws.push(node.text)
    return `\u0000raw${raws.length - 1}\u0000`
  })
  return text.replace(/"\\u0000raw(\d+)\\u0000"/g, (_match, index: string) => raws[Number(index)])
}
