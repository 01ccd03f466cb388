import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { channels, contract } from '../../shared/contract'
import { MUTATIONS, RawJson, malformedArbitrary, toJsonText } from '../fuzz-support/malformed-arbitrary'
import { confinePaths, validArbitrary } from '../fuzz-support/valid-arbitrary'

// Every schema kind and check the generator claims to know, without refinements, so that
// "generated from the schema" can be checked against the schema itself.
const everyKind = z
  .object({
    text: z.string().min(2).max(5),
    id: z.uuid(),
    count: z.int().min(-3).max(3),
    share: z.number().gt(0).lt(1),
    flag: z.boolean(),
    tags: z
      .array(z.enum(['x', 'y']))
      .min(1)
      .max(2),
    kind: z.literal('k'),
    note: z.string().optional(),
    size: z.number().default(1),
    parent: z.string().nullable(),
    either: z.union([z.string().max(2), z.number()]),
    word: z.string().regex(/^a+$/).max(5),
    inner: z.object({ x: z.string().length(3) }),
  })
  .strict()

const sample = <T>(arbitrary: fc.Arbitrary<T>, runs = 150) => fc.sample(arbitrary, { numRuns: runs, seed: 7 })

describe('contract fuzzer generators', () => {
  it('generates only values the schema accepts when it has no refinements', () => {
    for (const value of sample(validArbitrary(everyKind), 300)) expect(everyKind.safeParse(value).error).toBeUndefined()
  })

  it.each(MUTATIONS.filter((mutation) => mutation !== 'unstorable-char'))(
    'generates %s inputs that every channel schema refuses',
    (mutation) => {
      // Huge strings are refused by policy (every contract string is bounded), not by every schema.
      const own = mutation === 'huge-string' ? [] : [everyKind]
      // A huge string costs a schema ~5 ms to refuse: 10 each, not 40, keeps the test at a few seconds.
      const runs = mutation === 'huge-string' ? 10 : 40
      for (const schema of [...own, ...channels.map((channel) => contract[channel].input)]) {
        const inputs = malformedArbitrary(schema, mutation, 'dispatch')
        for (const mutant of inputs ? sample(inputs, runs) : []) {
          expect(schema.safeParse(mutant.value).success, `${mutant.what} at ${mutant.where}`).toBe(false)
        }
      }
    },
    // The work grows with the contract (2 s for out-of-bounds over 19 channels on an idle core; huge-string
    // took 29.7 s alone and 40.7 s in the unit project on 2026-11-25); a busy CI machine must not turn that into a failure.
    120_000,
  )

  it('puts a lone surrogate or a NUL into a string or key of every generated unstorable-char input, both kinds', () => {
    const inputs = malformedArbitrary(everyKind, 'unstorable-char', 'dispatch')!
    const found = sample(inputs).map(
      (mutant) => /\\ud[89a-f][0-9a-f]{2}|\\u0000/.exec(JSON.stringify(mutant.value))?.[0],
    )
    expect(found).not.toContain(undefined)
    expect(found).toContain('\\u0000')
    expect(found.some((unit) => unit!.startsWith('\\ud'))).toBe(true)
  })

  it.each([
    ['an unknown string format', z.email()],
    ['an unknown schema kind', z.date()],
    ['a transform', z.string().transform((text) => text.length)],
    ['a passthrough object', z.object({ a: z.string() }).passthrough()],
    ['an unknown number check', z.number().multipleOf(2)],
  ])('fails loudly on %s instead of skipping it', (_what, schema) => {
    expect(() => validArbitrary(z.object({ field: schema }).strict())).toThrow(/unsupported zod/)
  })

  it('writes deep nesting into JSON text without recursing', () => {
    expect(toJsonText({ a: new RawJson('[[0]]'), b: 'x' })).toBe('{"a":[[0]],"b":"x"}')
  })

  it('moves every absolute path of a valid input into the sandbox', () => {
    const sandbox = path.resolve('/tmp/fuzz-sandbox')
    const moved = confinePaths({ paths: ['/etc/passwd', 'C:\\Users\\x', '/../../etc', 'relative'] }, sandbox)
    const paths = (moved as { paths: string[] }).paths
    for (const moved of paths.slice(0, 3)) expect(moved.startsWith(`${sandbox}${path.sep}`)).toBe(true)
    expect(paths[3]).toBe('relative')
  })
})
