/** How many checkpoints one comparison takes (the contract's bounds on `checkpoints:compare`). */
export const CHECKPOINTS_MIN = 2
export const CHECKPOINTS_MAX = 8

/** The checkpoint compare page's URL parameters: `ids=4,9`. */
export function encodeCompareCheckpoints(ids: readonly number[]): string {
  return `ids=${ids.join(',')}`
}

/** The checkpoints a compare page's URL names, in order: positive whole ids, each once, at most eight. */
export function decodeCompareCheckpoints(search: string): number[] {
  const raw = new URLSearchParams(search).get('ids') ?? ''
  const ids: number[] = []
  for (const part of raw.split(',')) {
    if (!/^\d{1,12}$/.test(part.trim())) continue
    const id = Number(part.trim())
    if (id < 1 || ids.includes(id)) continue
    if (ids.length === CHECKPOINTS_MAX) break
    ids.push(id)
  }
  return ids
}
