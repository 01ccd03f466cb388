import { describe, expect, it } from 'vitest'
import { hammingDistance, hashFromHex, hashToHex } from '../../main/similar/hash-bits'

const ZERO = '0'.repeat(64)

describe('256-bit hashes', () => {
  it('round-trips hex and keeps the first digits in the first byte', () => {
    const hex = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22'
    const hash = hashFromHex(hex)
    expect(hash[0]).toBe(0xf8)
    expect(hash[31]).toBe(0x22)
    expect(hashToHex(hash)).toBe(hex)
  })

  it('counts the differing bits', () => {
    expect(hammingDistance(hashFromHex(ZERO), hashFromHex(ZERO))).toBe(0)
    expect(hammingDistance(hashFromHex(ZERO), hashFromHex('f'.repeat(64)))).toBe(256)
    expect(hammingDistance(hashFromHex(ZERO), hashFromHex('1' + '0'.repeat(62) + '3'))).toBe(3)
  })

  it('refuses text that is not 64 hex digits, in words', () => {
    expect(() => hashFromHex('abc')).toThrow('Not a 256-bit hash in hex: "abc"')
    expect(() => hashFromHex('g'.repeat(64))).toThrow(/Not a 256-bit hash/)
  })
})
