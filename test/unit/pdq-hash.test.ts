import { describe, expect, it } from 'vitest'
import { hammingDistance, HASH_BYTES } from '../../main/similar/hash-bits'
import { pdqHash } from '../../main/similar/pdq-hash'

/** A grey picture with detail at every scale: a sum of waves of a few wavelengths, 0–255. */
function texture(width: number, height: number): Uint8Array {
  const grey = new Uint8Array(width * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const wave = Math.sin(x / 7) + Math.cos(y / 11) + Math.sin((x + y) / 23) + Math.cos((x - 2 * y) / 41)
      grey[y * width + x] = Math.round(127.5 + 31 * wave)
    }
  }
  return grey
}

const bitsSet = (hash: Uint8Array) => hammingDistance(hash, new Uint8Array(HASH_BYTES))

describe('pdqHash', () => {
  it('sets the bits of the coefficients above the median: half of them', () => {
    const { hash, quality } = pdqHash({ data: texture(200, 150), width: 200, height: 150, channels: 1 })
    expect(bitsSet(hash)).toBe(128)
    expect(quality).toBeGreaterThan(50)
  })

  it('gives a grey RGB picture the hash of its luma (the weights sum to one)', () => {
    const grey = texture(120, 90)
    const rgb = new Uint8Array(grey.length * 3).map((_, i) => grey[Math.floor(i / 3)]!)
    expect(pdqHash({ data: rgb, width: 120, height: 90, channels: 3 })).toEqual(
      pdqHash({ data: grey, width: 120, height: 90, channels: 1 }),
    )
  })

  it('scores a flat picture quality 0', () => {
    expect(pdqHash({ data: new Uint8Array(100 * 80).fill(90), width: 100, height: 80, channels: 1 }).quality).toBe(0)
  })

  it('gives a picture under 5 pixels a side the empty hash of quality 0, as the reference does', () => {
    const { hash, quality } = pdqHash({ data: texture(4, 40), width: 4, height: 40, channels: 1 })
    expect([bitsSet(hash), quality]).toEqual([0, 0])
  })

  it('refuses fewer bytes than the size needs', () => {
    expect(() => pdqHash({ data: new Uint8Array(10), width: 10, height: 10, channels: 3 })).toThrow(
      '10x10 pixels need 300 bytes, got 10',
    )
  })
})
