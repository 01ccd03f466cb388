import type { PutTally } from '../../../shared/contract/cache-rows'

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

/** Adds what one put answered (written, there already) to a push's tally of that kind. */
export function addTally(tally: PutTally, { added, present }: PutTally): void {
  tally.added += added
  tally.present += present
}

/** The bytes of a value's JSON, as a request body carries it. */
export const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value))

/** What each step of a push is given: where its progress lines go, and the signal that cancels it. */
export interface PushSteps {
  report: (line: string) => void
  signal: AbortSignal
}
