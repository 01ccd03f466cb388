/** Bytes in a 256-bit perceptual hash. */
export const HASH_BYTES = 32

/** A 256-bit perceptual hash: 32 bytes, the first byte holding the hex string's first two digits. */
export type HashBits = Uint8Array

const POPCOUNT = new Uint8Array(256).map((_, byte) => {
  let bits = 0
  for (let rest = byte; rest > 0; rest >>= 1) bits += rest & 1
  return bits
})

/** How many of the 256 bits differ between two hashes. */
export function hammingDistance(a: HashBits, b: HashBits): number {
  let distance = 0
  for (let i = 0; i < HASH_BYTES; i++) distance += POPCOUNT[a[i]! ^ b[i]!]!
  return distance
}

/** A hash as 64 lower-case hex digits, the form the reference implementation prints. */
export function hashToHex(hash: HashBits): string {
  return Buffer.from(hash.buffer, hash.byteOffset, HASH_BYTES).toString('hex')
}

/** A hash from 64 hex digits; anything else is an error in words. */
export function hashFromHex(hex: string): HashBits {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error(`Not a 256-bit hash in hex: "${hex.slice(0, 80)}"`)
  return new Uint8Array(Buffer.from(hex, 'hex'))
}
