import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import xxhash from 'xxhash-wasm'
import { describe, expect, it } from 'vitest'
import { loadSampledHasher, sampledWindows } from '../../main/media/sampled-id'
import { tempDir } from '../helpers/temp-dir'

const { h64Raw } = await xxhash()
const hasher = await loadSampledHasher()

/** The sampled id spelled out from its definition, building the whole hash input at once. */
function referenceId(content: Buffer): string {
  const size = Buffer.alloc(8)
  size.writeBigUInt64LE(BigInt(content.length))
  const n = content.length
  const middle = Math.floor((n - 1024) / 2)
  const sampled =
    n < 3072
      ? [content]
      : [content.subarray(0, 1024), content.subarray(middle, middle + 1024), content.subarray(n - 1024)]
  return h64Raw(Buffer.concat([size, ...sampled]), 0n)
    .toString(16)
    .padStart(16, '0')
}

function writeTemp(content: Uint8Array): string {
  const file = path.join(tempDir(), 'media.bin')
  writeFileSync(file, content)
  return file
}

describe('sampled media id', () => {
  it('uses XXH64 with seed 0', () => {
    expect(h64Raw(new TextEncoder().encode('abc'), 0n).toString(16)).toBe('44bc2cf5ad770999')
  })

  it('loads the hasher once', async () => {
    expect(await loadSampledHasher()).toBe(hasher)
  })

  it('samples the whole content below 3 KiB and three 1 KiB windows from 3 KiB on', () => {
    expect(sampledWindows(0)).toEqual([[0, 0]])
    expect(sampledWindows(3071)).toEqual([[0, 3071]])
    expect(sampledWindows(3072)).toEqual([
      [0, 1024],
      [1024, 1024],
      [2048, 1024],
    ])
    expect(sampledWindows(10_001)).toEqual([
      [0, 1024],
      [4488, 1024],
      [8977, 1024],
    ])
  })

  it.each([0, 1, 1023, 1024, 3071, 3072, 3073, 4096, 5 * 1024 * 1024 + 7])(
    'file and bytes agree with the reference at %d bytes',
    (size) => {
      const content = randomBytes(size)
      const expected = referenceId(content)
      expect(hasher.ofBytes(content)).toBe(expected)
      expect(hasher.ofFile(writeTemp(content))).toEqual({ id: expected, size })
    },
  )

  it('changes only when a sampled byte or the size changes', () => {
    const content = randomBytes(10_000)
    const file = path.join(tempDir(), 'media.bin')
    const idOf = (bytes: Buffer) => {
      writeFileSync(file, bytes)
      return hasher.ofFile(file).id
    }
    const original = idOf(content)
    const outside = Buffer.from(content)
    outside[2000] ^= 0xff
    const inside = Buffer.from(content)
    inside[4488 + 500] ^= 0xff

    expect(idOf(outside)).toBe(original)
    expect(hasher.ofBytes(outside)).toBe(original)
    expect(idOf(inside)).not.toBe(original)
    expect(hasher.ofBytes(inside)).not.toBe(original)
    expect(idOf(Buffer.concat([content, Buffer.of(0)]))).not.toBe(original)
  })

  it('is 16 lowercase hex digits, zero-padded', () => {
    const inputs = Array.from({ length: 256 }, (_, i) => Buffer.of(i))
    const padded = inputs.find((input) => hasher.ofBytes(input).startsWith('0'))
    expect(padded).toBeDefined()
    const id = hasher.ofBytes(padded as Buffer)
    expect(id).toMatch(/^0[0-9a-f]{15}$/)
    expect(id).toBe(referenceId(padded as Buffer))
    for (const input of inputs) expect(hasher.ofBytes(input)).toMatch(/^[0-9a-f]{16}$/)
  })

  it('marks virtual media with a V before the same hash', () => {
    const content = randomBytes(5000)
    expect(hasher.ofBytes(content, { virtual: true })).toBe(`V${referenceId(content)}`)
  })

  it('reports a missing file with its error code', () => {
    expect(() => hasher.ofFile(path.join(tempDir(), 'missing.bin'))).toThrow(
      expect.objectContaining({ code: 'ENOENT' }),
    )
  })
})
