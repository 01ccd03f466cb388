/**
 * Items in batches of at most `maxItems` and `maxBytes` of their JSON (`sizeOf`), in order; an item larger than
 * `maxBytes` goes alone (the receiver says whether it takes it).
 */
export function batchesOf<T>(
  items: readonly T[],
  sizeOf: (item: T) => number,
  maxItems: number,
  maxBytes: number,
): T[][] {
  const out: T[][] = []
  let bytes = 0
  for (const item of items) {
    const size = sizeOf(item)
    const last = out.at(-1)
    if (last && last.length < maxItems && bytes + size <= maxBytes) {
      last.push(item)
      bytes += size
    } else {
      out.push([item])
      bytes = size
    }
  }
  return out
}

/** The bytes of a value's JSON, as a request body carries it. */
export const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value))
