/** Where in an input a value sits: object keys and array indexes from the top. */
export type InputPath = Array<string | number>

/**
 * Text no library can store: a lone surrogate ("\ud800", which SQLite would keep as invalid UTF-8), or the NUL
 * character (which PostgreSQL's text and jsonb cannot hold at all).
 */
export type TextProblem = 'ill_formed_unicode' | 'nul_character'

/** The first unstorable string of an input: where it is and what is wrong with it. */
export interface UnstorableText {
  path: InputPath
  problem: TextProblem
}

// ES2023's lib does not declare them yet; Node 20 has them.
type MaybeWellFormed = string & { isWellFormed(): boolean; toWellFormed(): string }

// Each visited value points at its parent, so a path is built only for the one bad string:
// copying paths per value would be quadratic in the nesting depth.
interface Visit {
  value: unknown
  key: string | number | undefined
  parent: Visit | undefined
}

/**
 * The first string of an input (object keys included) that no library could store (see TextProblem); undefined when
 * there is none. Walks with its own stack, so hostile nesting cannot overflow the call stack.
 */
export function findUnstorableText(input: unknown): UnstorableText | undefined {
  const stack: Visit[] = [{ value: input, key: undefined, parent: undefined }]
  const seen = new Set<object>()
  while (stack.length > 0) {
    const visit = stack.pop()!
    const { value } = visit
    if (typeof value === 'string') {
      const problem = problemOf(value)
      if (problem) return { path: pathOf(visit), problem }
      continue
    }
    if (typeof value !== 'object' || value === null || seen.has(value)) continue
    seen.add(value)
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: i, parent: visit })
      continue
    }
    // Only plain data is walked; anything else never came from JSON or structured clone of plain data.
    const proto: unknown = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== null) continue
    const keys = Object.keys(value)
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!
      const child: Visit = { value: (value as Record<string, unknown>)[key], key, parent: visit }
      const problem = problemOf(key)
      if (problem) return { path: pathOf(child), problem }
      stack.push(child)
    }
  }
  return undefined
}

function problemOf(text: string): TextProblem | undefined {
  if (!(text as MaybeWellFormed).isWellFormed()) return 'ill_formed_unicode'
  return text.includes('\u0000') ? 'nul_character' : undefined
}

// A bad key is reported storable: U+FFFD in place of a lone surrogate or a NUL.
function pathOf(visit: Visit): InputPath {
  const path: InputPath = []
  for (let at: Visit | undefined = visit; at?.key !== undefined; at = at.parent) {
    const { key } = at
    path.push(typeof key === 'string' ? (key as MaybeWellFormed).toWellFormed().replaceAll('\u0000', '\ufffd') : key)
  }
  return path.reverse()
}
