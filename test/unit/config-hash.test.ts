import { spawnSync } from 'node:child_process'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalJson, configHash } from '../../main/hashing/canonical-json'

/** The message of the TypeError canonicalJson throws for a value (fails the test when it throws none). */
function typeErrorMessage(value: unknown): string {
  try {
    canonicalJson(value)
  } catch (error) {
    if (error instanceof TypeError) return error.message
    throw error
  }
  throw new Error(`canonicalJson accepted ${String(value)}`)
}

describe('configHash', () => {
  it('matches the vectors Python plugins compute', () => {
    const config = { threshold: 0.4, min_duration: 2, labels: ['shot', 'cut'], nested: { b: true, a: null } }
    expect(canonicalJson(config)).toBe(
      '{"labels":["shot","cut"],"min_duration":2,"nested":{"a":null,"b":true},"threshold":0.4}',
    )
    expect(configHash(config)).toBe('sha256:963e130f0e4544d19864013f841444cbbfdccfc195570f66adc98a34f2533bab')
    expect(configHash({})).toBe('sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a')
  })
})

describe('canonicalJson', () => {
  it.each([
    ['plain ASCII', 'shot cut ~', '"shot cut ~"'],
    ['quote and backslash', 'a"b\\c', '"a\\"b\\\\c"'],
    ['short escapes', '\n\r\t\b\f', '"\\n\\r\\t\\b\\f"'],
    ['other controls and DEL', '\u0000\u001f\u007f', '"\\u0000\\u001f\\u007f"'],
    ['non-ASCII in lowercase hex', 'é€\u00ff\uabcd', '"\\u00e9\\u20ac\\u00ff\\uabcd"'],
    ['astral as a surrogate pair', '\u{1f3ac}', '"\\ud83c\\udfac"'],
    ['lone surrogates', '\ud800x\udfff', '"\\ud800x\\udfff"'],
  ])('escapes strings as Python does: %s', (_case, text, expected) => {
    expect(canonicalJson(text)).toBe(expected)
  })

  it('sorts keys by code point at every depth, astral after the top of the BMP', () => {
    const keys = ['\u{10000}', '\uffff', 'b', '\ue000', '\ud800', 'a', 'ab', '']
    const config = Object.fromEntries(keys.map((key, i) => [key, { z: i, y: [{ d: 1, c: 2 }] }]))
    const order = ['', 'a', 'ab', 'b', '\ud800', '\ue000', '\uffff', '\u{10000}']
    // The trap: UTF-16 order (JS's default sort) puts the astral key before U+E000.
    expect([...keys].sort()).not.toEqual(order)
    const inner = (i: number) => `{"y":[{"c":2,"d":1}],"z":${i}}`
    const expected = order.map((key) => `${canonicalJson(key)}:${inner(keys.indexOf(key))}`).join(',')
    expect(canonicalJson(config)).toBe(`{${expected}}`)
  })

  it('writes arrays in order, literals as JSON, and accepts null-prototype objects', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { b: [3, 1, 2], a: [true, false, null] })
    expect(canonicalJson(bare)).toBe('{"a":[true,false,null],"b":[3,1,2]}')
    expect(canonicalJson([[], {}, ''])).toBe('[[],{},""]')
  })

  // Expected texts are Python 3.11's json.dumps output for the same value (int for safe integers, float otherwise).
  it.each([
    [2, '2'],
    [-17, '-17'],
    [-0, '0'],
    [1.0, '1'],
    [2 ** 53 - 1, '9007199254740991'],
    [-(2 ** 53 - 1), '-9007199254740991'],
    [2 ** 53, '9007199254740992.0'],
    [2 ** 53 + 2, '9007199254740994.0'],
    [9999999999999998, '9999999999999998.0'],
    [1e16, '1e+16'],
    [1e21, '1e+21'],
    [1.2345e20, '1.2345e+20'],
    [1.2345678901234567e19, '1.2345678901234567e+19'],
    [1e100, '1e+100'],
    [Number.MAX_VALUE, '1.7976931348623157e+308'],
    [0.4, '0.4'],
    [-0.5, '-0.5'],
    [123.25, '123.25'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e15 + 0.5, '1000000000000000.5'],
    [0.001, '0.001'],
    [0.0001, '0.0001'],
    [1e-5, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [-1e-7, '-1e-07'],
    [5e-324, '5e-324'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
  ])('prints %d as Python prints it: %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected)
  })

  class Settings {
    fps = 25
  }
  const cyclic: Record<string, unknown> = { a: 1 }
  cyclic.self = { again: cyclic }
  const symbolKeyed = { [Symbol('k')]: 1 }
  const holey: number[] = [1]
  holey[2] = 3

  it.each([
    ['undefined', undefined, 'config'],
    ['undefined in an array', { a: [1, 2, undefined] }, 'config.a[2]'],
    ['an array hole', { a: holey }, 'config.a[1]'],
    ['a Map', { m: new Map() }, 'config.m'],
    ['a Set', [new Set([1])], 'config[0]'],
    ['a Date', { 'start time': new Date(0) }, 'config["start time"]'],
    ['a class instance', { s: new Settings() }, 'config.s'],
    ['a function', { f: () => 1 }, 'config.f'],
    ['a symbol', { s: Symbol('s') }, 'config.s'],
    ['a symbol key', { x: symbolKeyed }, 'config.x'],
    ['a cycle', cyclic, 'config.self.again'],
  ])('refuses %s with a TypeError naming the path', (_case, value, path) => {
    expect(typeErrorMessage(value).slice(0, path.length + 2)).toBe(`${path}: `)
  })

  it('accepts an object shared by two branches (not a cycle)', () => {
    const shared = { k: 1 }
    expect(canonicalJson({ a: shared, b: [shared] })).toBe('{"a":{"k":1},"b":[{"k":1}]}')
  })
})

/**
 * The value handed to Python, tagged so nothing the rule decides is lost on the way: safe integers
 * as int digits, every other number as its exact bits (float.hex form), never as JS-formatted digits.
 */
type Tagged =
  | ['null']
  | ['bool', boolean]
  | ['str', string]
  | ['int', string]
  | ['float', string]
  | ['arr', Tagged[]]
  | ['obj', [string, Tagged][]]

function floatHex(x: number): string {
  if (Number.isNaN(x)) return 'nan'
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf'
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, x)
  const bits = view.getBigUint64(0)
  const sign = bits >> 63n ? '-' : ''
  const biased = Number((bits >> 52n) & 0x7ffn)
  const fraction = (bits & ((1n << 52n) - 1n)).toString(16).padStart(13, '0')
  return biased === 0 ? `${sign}0x0.${fraction}p-1022` : `${sign}0x1.${fraction}p${biased - 1023}`
}

function tag(value: unknown): Tagged {
  if (value === null) return ['null']
  if (typeof value === 'boolean') return ['bool', value]
  if (typeof value === 'string') return ['str', value]
  if (typeof value === 'number')
    return Number.isSafeInteger(value) ? ['int', String(value)] : ['float', floatHex(value)]
  if (Array.isArray(value)) return ['arr', value.map(tag)]
  const record = value as Record<string, unknown>
  return ['obj', Object.keys(record).map((key) => [key, tag(record[key])])]
}

// Strings arrive through json.loads: lone surrogates come escaped (JSON.stringify does that), pairs raw.
const PYTHON_REFERENCE = `
import json, sys
def build(t):
    kind = t[0]
    if kind == 'null': return None
    if kind in ('bool', 'str'): return t[1]
    if kind == 'int': return int(t[1])
    if kind == 'float': return float(t[1]) if t[1] in ('nan', 'inf', '-inf') else float.fromhex(t[1])
    if kind == 'arr': return [build(x) for x in t[1]]
    if kind == 'obj': return {k: build(v) for k, v in t[1]}
    raise ValueError(kind)
lines = sys.stdin.buffer.read().decode('utf-8').split('\\n')
out = [json.dumps(build(json.loads(line)), sort_keys=True, separators=(',', ':')) for line in lines if line]
sys.stdout.write(''.join(line + '\\n' for line in out))
`

/** json.dumps(..., sort_keys=True, separators=(",", ":")) of each value, computed by one python3 process. */
function pythonDumps(values: unknown[]): string[] {
  const input = values.map((value) => JSON.stringify(tag(value))).join('\n') + '\n'
  const result = spawnSync('python3', ['-c', PYTHON_REFERENCE], { input, encoding: 'utf8', maxBuffer: 1 << 26 })
  if (result.error) {
    throw new Error(`the differential test needs python3 on PATH (the reference json.dumps): ${result.error.message}`)
  }
  if (result.status !== 0) throw new Error(`python3 exited with ${result.status}: ${result.stderr}`)
  return result.stdout.split('\n').slice(0, -1)
}

const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit))
const awkward = fc.constantFrom(
  '"',
  '\\',
  '\u007f',
  '\u0000',
  '\n',
  '\u2028',
  '\ue000',
  '\uffff',
  '\u{10000}',
  '\u{1f3ac}',
)
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 10 }),
  fc.string({ unit: fc.oneof(codeUnit, awkward, fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 })) }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 6 }),
)
const key = fc.oneof(
  text,
  fc.constantFrom('a', 'b', '\ud800', '\ue000', '\uffff', '\u{10000}', '\u{1f3ac}', 'a\u{10000}'),
)
const number = fc.oneof(
  fc.maxSafeInteger(),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double(),
  fc.double({ min: -1e-3, max: 1e-3 }),
  fc.double({ min: 1e14, max: 1e18 }),
  fc
    .tuple(fc.integer({ min: -99999, max: 99999 }), fc.integer({ min: -330, max: 310 }))
    .map(([mantissa, exponent]) => Number(`${mantissa}e${exponent}`)),
  fc.constantFrom(-0, NaN, Infinity, -Infinity, 0.1, 1e-5, 1e-4, 1e16, 2 ** 53, 9999999999999998, 5e-324, 1e21),
)
const leaf = fc.oneof(number, text, fc.boolean(), fc.constant(null))
const { value: jsonish } = fc.letrec<{ value: unknown; array: unknown[]; object: Record<string, unknown> }>((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(key, tie('value'), { maxKeys: 6 }),
}))

/** Whether some object in the value has a key in U+E000..U+FFFF and an astral one (where UTF-16 order misleads). */
function hasOrderTrap(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false
  if (Array.isArray(value)) return value.some(hasOrderTrap)
  const keys = Object.keys(value)
  const trap = keys.some((k) => k.charCodeAt(0) >= 0xe000) && keys.some((k) => (k.codePointAt(0) ?? 0) > 0xffff)
  return trap || Object.values(value).some(hasOrderTrap)
}

describe('canonicalJson against Python json.dumps', () => {
  it('writes the same bytes for a few hundred generated configs', () => {
    const values = fc.sample(jsonish, { numRuns: 400, seed: 20261121 })
    const python = pythonDumps(values)
    expect(python).toHaveLength(values.length)
    const mismatches = values.flatMap((value, i) => {
      const ours = canonicalJson(value)
      return ours === python[i] ? [] : [{ value: JSON.stringify(tag(value)), ours, python: python[i] }]
    })
    expect(mismatches.slice(0, 5)).toEqual([])
    // The batch must reach the cases the rule is about, or agreeing proves little.
    const all = python.join('\n')
    for (const form of [
      /\de-0\d/,
      /\de\+\d\d/,
      /\d\.\d/,
      /\.0[,\]}]/,
      /NaN/,
      /-Infinity/,
      /\\ud8/,
      /\\u00[01]/,
      /\\u[0-9]*[a-f]/,
    ]) {
      expect(all).toMatch(form)
    }
    expect(values.filter(hasOrderTrap).length).toBeGreaterThan(5)
  })
})
