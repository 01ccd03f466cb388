/** How many runs one comparison takes (the contract's bounds on `executions:compare`). */
export const COMPARE_MIN = 2
export const COMPARE_MAX = 8

// The contract's bound on an execution id.
const ID_MAX = 200

/** The compare page's URL parameters (`runs=a,b`): each id escaped, so ids holding ',' or '&' come back whole. */
export function encodeCompareRuns(ids: readonly string[]): string {
  return `runs=${ids.map(encodeURIComponent).join(',')}`
}

/**
 * The runs a compare page's URL names, in order; a broken escape, an empty or over-long id, a repeat or a
 * run past the eighth is dropped (the page says when fewer than two remain).
 */
export function decodeCompareRuns(search: string): string[] {
  // Read from the raw text: URLSearchParams would unescape "%2C" before the list is split on ','.
  const raw = search
    .split('&')
    .find((pair) => pair.startsWith('runs='))
    ?.slice('runs='.length)
  if (!raw) return []
  const ids: string[] = []
  for (const part of raw.split(',')) {
    const id = decoded(part)
    if (id === undefined || id === '' || id.length > ID_MAX || ids.includes(id)) continue
    if (ids.length === COMPARE_MAX) break
    ids.push(id)
  }
  return ids
}

function decoded(part: string): string | undefined {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '))
  } catch {
    return undefined
  }
}
