/** The integer literals of JSON text past 2^53, in order (strings skipped, decimals and exponents left out). */
function longIntegers(text: string): string[] {
  const found: string[] = []
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++
      continue
    }
    if (c !== '-' && (c < '0' || c > '9')) continue
    let end = i + 1
    while (end < text.length && /[0-9.eE+-]/.test(text[end]!)) end++
    const literal = text.slice(i, end)
    if (/^-?\d{16,}$/.test(literal) && !Number.isSafeInteger(Number(literal))) found.push(literal)
    i = end - 1
  }
  return found
}

/**
 * A value read from JSON `text` with each integer past 2^53 given back as the digits the text wrote
 * (a string: JSON readers round such numbers, and a seed shown or copied must keep every digit).
 * Integers of the text that round to the same number are told apart by their order in it.
 */
export function withExactIntegers(value: unknown, text: string): unknown {
  const runs = new Map<number, string[]>()
  for (const digits of longIntegers(text)) runs.set(Number(digits), [...(runs.get(Number(digits)) ?? []), digits])
  if (runs.size === 0) return value
  const exact = (item: unknown): unknown => {
    if (typeof item === 'number') {
      if (!Number.isInteger(item) || Number.isSafeInteger(item)) return item
      const found = runs.get(item)
      return found && found.length > 0 ? (found.length > 1 ? found.shift()! : found[0]!) : item
    }
    if (Array.isArray(item)) return item.map(exact)
    if (item !== null && typeof item === 'object') {
      return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, exact(inner)]))
    }
    return item
  }
  return exact(value)
}
