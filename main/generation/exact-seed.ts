/**
 * A seed past 2^53 as the decimal digits the file wrote. JSON readers round such numbers, and
 * generators draw seeds up to 2^64 - 1 (ComfyUI's widget maximum), so the digit run in the file's
 * text that rounds to the same number is the seed; a safe seed, or one not found, stays as it is.
 */
export function exactSeed(seed: number | string | null, texts: readonly string[]): number | string | null {
  if (typeof seed !== 'number' || Number.isSafeInteger(seed)) return seed
  for (const text of texts) {
    for (const [digits] of text.matchAll(/-?\d{16,20}/g)) if (Number(digits) === seed) return digits
  }
  return seed
}
