/** Where in an input a value sits: object keys and array indexes from the top. */
export type InputPath = Array<string | number>

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
 * The path of the first string (object keys included) that is not well-formed Unicode, such
 * as a lone surrogate "\ud800", which SQLite would store as invalid UTF-8; undefined when
 * there is none. Walks with its own stack, so hostile nesting cannot overflow the call stack.
 */
export function findIllFormedString(input: unknown): InputPath | undefined {
  const stack: Visit[] = [{ value: input, key: undefined, parent: undefined }]
  const seen = new Set<object>()
  while (stack.length > 0) {
    const visit = stack.pop()!
    const { value } = visit
    if (typeof value === 'string') {
      if (!isWellFormed(value)) return pathOf(visit)
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
      if (!isWellFormed(key)) return pathOf(child)
      stack.push(child)
    }
  }
  return undefined
}

function isWellFormed(text: string): boolean {
  return (text as MaybeWellFormed).isWellFormed()
}

// A bad key is reported with U+FFFD in place of its surrogate, so the report itself is well-formed.
function pathOf(visit: Visit): InputPath {
  const path: InputPath = []
  for (let at: Visit | undefined = visit; at?.key !== undefined; at = at.parent) {
    path.push(typeof at.key === 'string' ? (at.key as MaybeWellFormed).toWellFormed() : at.key)
  }
  return path.reverse()
}
