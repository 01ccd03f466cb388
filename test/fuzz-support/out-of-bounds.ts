import fc from 'fast-check'
import { validArbitrary } from './valid-arbitrary'
import { arrayRules, numberRules, stringRules, type ZodDef } from './zod-def'

/**
 * Values just outside a node's own bounds: one unit too long or too short, one past a number
 * bound or a fraction where integers are due, one item too many or too few, a string that
 * misses the format. Null when the node has no bound to step over.
 */
export function outOfBounds(def: ZodDef): fc.Arbitrary<unknown> | null {
  const options =
    def.type === 'string'
      ? strings(def)
      : def.type === 'number'
        ? numbers(def)
        : def.type === 'array'
          ? arrays(def)
          : []
  return options.length ? fc.oneof(...options) : null
}

function strings(def: ZodDef): fc.Arbitrary<unknown>[] {
  const { min, max, format, patterns } = stringRules(def)
  // 'a' has no whitespace for a trim to eat, so the length is what the schema sees.
  const options: fc.Arbitrary<unknown>[] = []
  if (max !== undefined) options.push(fc.constant('a'.repeat(max + 1)))
  if (min > 0) options.push(fc.constant('a'.repeat(min - 1)))
  if (format === 'uuid') options.push(fc.uuid().map((uuid) => `${uuid.slice(0, -1)}g`))
  for (const pattern of patterns) options.push(fc.string({ maxLength: 12 }).filter((text) => !pattern.test(text)))
  return options
}

function numbers(def: ZodDef): fc.Arbitrary<unknown>[] {
  const { min, max, minExcluded, maxExcluded, integer } = numberRules(def)
  // Past the bound by one where that is still a different double; the bound itself when it is excluded.
  const below = minExcluded ? min : min - 1
  const above = maxExcluded ? max : max + 1
  const values = [below !== min || minExcluded ? below : null, above !== max || maxExcluded ? above : null]
  if (integer) values.push(Math.max(min, Math.min(max, 0)) + 0.5)
  return values
    .filter((value): value is number => value !== null && Number.isFinite(value))
    .map((value) => fc.constant(value))
}

function arrays(def: ZodDef): fc.Arbitrary<unknown>[] {
  const { min, max } = arrayRules(def)
  const item = validArbitrary(def.element)
  const options: fc.Arbitrary<unknown>[] = []
  if (max !== undefined) options.push(fc.array(item, { minLength: max + 1, maxLength: max + 1 }))
  if (min > 0) options.push(fc.array(item, { minLength: min - 1, maxLength: min - 1 }))
  return options
}
