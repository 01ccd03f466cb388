import { createHash } from 'node:crypto'

/**
 * The exact text Python's `json.dumps(value, sort_keys=True, separators=(",", ":"))` writes for a JSON-like value
 * (ensure_ascii and allow_nan on), so a cache row a Python plugin wrote under a config hash is found from here.
 *
 * Numbers: JS has one number type, Python two, and 1.0 cannot be told from 1 in a JS number. So a
 * Python float is said explicitly with `pyFloat(x)` (always printed as a float: `1.0`, `-0.0`), and a
 * Python int beyond 2^53 is a bigint (printed with all its digits); `parseConfigText` reads JSON text
 * that way, `withFloats` marks a config's float fields. A plain number that is a safe integer
 * (Number.isSafeInteger; -0 included, printed "0") prints as Python prints an int. Every other
 * number prints as Python's float repr: the shortest
 * digits that round-trip (the same digits JS finds), in Python's layout: exponent form when the
 * decimal exponent is < -4 or >= 16 (`1e-05`, `1.5e-07`, `1e+16`), positional with at least one
 * digit after the point otherwise (`0.5`, and `9007199254740992.0` for 2 ** 53, which is not safe).
 * NaN and ±Infinity print as Python's `NaN`, `Infinity`, `-Infinity`.
 *
 * Only plain objects (or null-prototype ones), arrays, strings, numbers (NaN and ±Infinity too), pyFloat
 * values, bigints, booleans and null are accepted; anything else (Map, Set, Date, class instances, functions, symbols,
 * undefined, array holes, cycles) throws a TypeError naming its path, e.g. `config.a[2]`.
 */
export function canonicalJson(value: unknown): string {
  const parts: string[] = []
  write(value, 'config', new Set(), parts)
  return parts.join('')
}

/** A number Python holds as a float, whatever its value: `new PyFloat(1)` prints `1.0`, as `json.dumps(1.0)` does. */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** `value` as a Python float (see PyFloat). */
export function pyFloat(value: number): PyFloat {
  return new PyFloat(value)
}

/**
 * The config with its number fields named in `floats` as Python floats: what `json.dumps` writes for a
 * dataclass declaring them `float` (`threshold: float = 1` dumps `1.0`). Other fields are left as they are.
 */
export function withFloats(config: Record<string, unknown>, floats: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config }
  for (const key of floats) if (typeof out[key] === 'number') out[key] = pyFloat(out[key])
  return out
}

/** "sha256:" + lowercase hex SHA-256 of the value's canonical JSON: the analysis/processing cache's config hash. */
export function configHash(value: unknown): string {
  return 'sha256:' + createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex')
}

function write(value: unknown, path: string, ancestors: Set<object>, out: string[]): void {
  switch (typeof value) {
    case 'string':
      out.push(quote(value))
      return
    case 'number':
      out.push(formatNumber(value))
      return
    case 'bigint':
      out.push(String(value))
      return
    case 'boolean':
      out.push(value ? 'true' : 'false')
      return
    case 'object':
      if (value === null) {
        out.push('null')
        return
      }
      if (value instanceof PyFloat) {
        out.push(formatFloat(value.value))
        return
      }
      break
    default:
      throw new TypeError(`${path}: a ${typeof value} has no JSON form (config values are JSON values only)`)
  }
  if (ancestors.has(value)) throw new TypeError(`${path}: the value refers to itself (cyclic config)`)
  ancestors.add(value)
  if (Array.isArray(value)) writeArray(value, path, ancestors, out)
  else writeObject(value, path, ancestors, out)
  ancestors.delete(value)
}

function writeArray(value: readonly unknown[], path: string, ancestors: Set<object>, out: string[]): void {
  out.push('[')
  // An index loop, not forEach: holes must reach write() as undefined and be refused, not skipped.
  for (let i = 0; i < value.length; i++) {
    if (i > 0) out.push(',')
    write(value[i], `${path}[${i}]`, ancestors, out)
  }
  out.push(']')
}

function writeObject(value: object, path: string, ancestors: Set<object>, out: string[]): void {
  const proto: unknown = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) {
    const name = (value.constructor as { name?: unknown } | undefined)?.name
    throw new TypeError(
      `${path}: a ${typeof name === 'string' && name ? name : 'non-plain object'} is not a JSON value`,
    )
  }
  if (Object.getOwnPropertySymbols(value).length > 0) {
    throw new TypeError(`${path}: symbol keys have no JSON form`)
  }
  const record = value as Record<string, unknown>
  const keys = Object.keys(record).sort(compareCodePoints)
  out.push('{')
  keys.forEach((key, i) => {
    if (i > 0) out.push(',')
    out.push(quote(key), ':')
    write(record[key], childPath(path, key), ancestors, out)
  })
  out.push('}')
}

function childPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`
}

/**
 * Python sorts str by code point; JS's default sort compares UTF-16 code units, which puts an astral
 * character (a surrogate pair, 0xD800..) before U+E000..U+FFFF. Walking code points fixes that; a
 * lone surrogate is its own code point, as in Python.
 */
function compareCodePoints(a: string, b: string): number {
  // After an equal astral pair both strings hold the same low surrogate next, so stepping by unit is safe.
  for (let i = 0; i < a.length && i < b.length; i++) {
    const x = a.codePointAt(i) as number
    const y = b.codePointAt(i) as number
    if (x !== y) return x - y
  }
  return a.length - b.length
}

const SHORT_ESCAPES: Record<number, string> = {
  0x22: '\\"',
  0x5c: '\\\\',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
  0x08: '\\b',
  0x0c: '\\f',
}

/** Python's ensure_ascii quoting: per UTF-16 unit, so astral characters come out as their surrogate pair. */
function quote(text: string): string {
  let out = '"'
  let plainFrom = 0
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    if (unit >= 0x20 && unit <= 0x7e && unit !== 0x22 && unit !== 0x5c) continue
    out += text.slice(plainFrom, i) + (SHORT_ESCAPES[unit] ?? '\\u' + unit.toString(16).padStart(4, '0'))
    plainFrom = i + 1
  }
  return out + text.slice(plainFrom) + '"'
}

function formatNumber(value: number): string {
  return Number.isSafeInteger(value) ? String(value) : formatFloat(value) // String(-0) is "0"
}

function formatFloat(value: number): string {
  if (Object.is(value, -0)) return '-0.0' // toExponential() drops the sign of -0
  if (Number.isNaN(value)) return 'NaN'
  if (value === Infinity) return 'Infinity'
  if (value === -Infinity) return '-Infinity'
  return pythonFloatRepr(value)
}

/** Python's float repr from JS's shortest round-trip digits (toExponential() without an argument finds them). */
function pythonFloatRepr(value: number): string {
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(value.toExponential())
  if (!match) throw new Error(`unexpected toExponential() form for ${value}`)
  const [, sign, first, rest = '', exponentText] = match
  const digits = first + rest
  const exponent = Number(exponentText)
  if (exponent < -4 || exponent >= 16) {
    const mantissa = rest ? `${first}.${rest}` : first
    const magnitude = String(Math.abs(exponent)).padStart(2, '0')
    return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${magnitude}`
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0')
  const fraction = digits.slice(exponent + 1) || '0'
  return `${sign}${whole}.${fraction}`
}
