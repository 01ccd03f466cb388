import { HASH_BYTES, type HashBits } from './hash-bits'

/** A PDQ hash and how much it can be trusted: 0 (a flat picture) to 100 (plenty of detail). */
export type PdqResult = { hash: HashBits; quality: number }

/** Pixels to hash: packed RGB (3 bytes a pixel) or luma (1 byte a pixel), rows top to bottom without padding. */
export type PdqPixels = { data: Uint8Array; width: number; height: number; channels: 1 | 3 }

// The luma weights PDQ's reference uses (ITU-R BT.601), so our hashes agree with its hashes of the same pixels.
const LUMA_R = 0.299
const LUMA_G = 0.587
const LUMA_B = 0.114
// The picture is blurred and sampled down to 64×64, of which the 16×16 lowest non-constant DCT frequencies are kept.
const SIDE = 64
const DCT_SIDE = 16
// Two horizontal-then-vertical box-filter passes make a tent filter (Jarosz, "Fast image convolutions", 2001).
const BLUR_PASSES = 2
// The reference hashes nothing smaller than 5 pixels a side: such a picture gets an all-zero hash of quality 0.
const MIN_SIDE = 5

// Rows 1–16 of the 64-point DCT-II basis, row-major, scaled by √(2/64) as the reference scales them.
const DCT_BASIS = (() => {
  const basis = new Float64Array(DCT_SIDE * SIDE)
  const scale = Math.sqrt(2 / SIDE)
  for (let i = 0; i < DCT_SIDE; i++) {
    for (let j = 0; j < SIDE; j++) basis[i * SIDE + j] = scale * Math.cos((Math.PI / 2 / SIDE) * (i + 1) * (2 * j + 1))
  }
  return basis
})()

/** The 256-bit PDQ hash of a picture and its quality, as Meta's reference implementation computes them. */
export function pdqHash(pixels: PdqPixels): PdqResult {
  const { width, height } = pixels
  if (pixels.data.length < width * height * pixels.channels) {
    throw new RangeError(
      `${width}x${height} pixels need ${width * height * pixels.channels} bytes, got ${pixels.data.length}`,
    )
  }
  if (width < MIN_SIDE || height < MIN_SIDE) return { hash: new Uint8Array(HASH_BYTES), quality: 0 }
  const small = downsampleTo64(lumaOf(pixels), width, height)
  return { hash: hashBits(dct16(small)), quality: quality(small) }
}

function lumaOf({ data, width, height, channels }: PdqPixels): Float32Array {
  const luma = new Float32Array(width * height)
  if (channels === 1) {
    luma.set(data.subarray(0, luma.length))
    return luma
  }
  for (let i = 0, p = 0; i < luma.length; i++, p += 3) {
    luma[i] = LUMA_R * data[p]! + LUMA_G * data[p + 1]! + LUMA_B * data[p + 2]!
  }
  return luma
}

/** Blurs with the tent filter (window ≈ half a 64th of each side per pass), then takes the 64×64 cell centres. */
function downsampleTo64(luma: Float32Array, width: number, height: number): Float64Array {
  const current = luma
  const spare = new Float32Array(luma.length)
  const alongRows = windowSize(width)
  const alongColumns = windowSize(height)
  for (let pass = 0; pass < BLUR_PASSES; pass++) {
    boxBlur(current, spare, height, width, width, 1, alongRows)
    boxBlur(spare, current, width, height, 1, width, alongColumns)
  }
  const small = new Float64Array(SIDE * SIDE)
  for (let i = 0; i < SIDE; i++) {
    const row = Math.floor(((i + 0.5) * height) / SIDE)
    for (let j = 0; j < SIDE; j++) small[i * SIDE + j] = current[row * width + Math.floor(((j + 0.5) * width) / SIDE)]!
  }
  return small
}

/** The reference's box width for one pass: a 128th of the side, rounded up. */
function windowSize(side: number): number {
  return Math.floor((side + 2 * SIDE - 1) / (2 * SIDE))
}

/**
 * A running-mean box filter over `lines` lines of `length` samples (`step` apart, lines `lineStep` apart).
 * The window reaches `window - ⌊(window + 2) / 2⌋` samples back and `⌊(window + 2) / 2⌋ - 1` ahead, and
 * shrinks at the ends (the mean of what it covers), as the reference's four-phase loop does.
 */
function boxBlur(
  from: Float32Array,
  to: Float32Array,
  lines: number,
  length: number,
  lineStep: number,
  step: number,
  window: number,
): void {
  const ahead = Math.floor((window + 2) / 2) - 1
  const behind = window - ahead - 1
  for (let line = 0; line < lines; line++) {
    const start = line * lineStep
    let sum = 0
    let covered = 0
    for (let k = 0; k < ahead && k < length; k++, covered++) sum += from[start + k * step]!
    for (let k = 0; k < length; k++) {
      const entering = k + ahead
      if (entering < length) {
        sum += from[start + entering * step]!
        covered++
      }
      const leaving = k - behind - 1
      if (leaving >= 0) {
        sum -= from[start + leaving * step]!
        covered--
      }
      to[start + k * step] = sum / covered
    }
  }
}

/** Quality as the reference scores it: the sum of significant neighbour differences (in percent of 255), over 90, capped at 100. */
function quality(small: Float64Array): number {
  let gradients = 0
  for (let i = 0; i < SIDE; i++) {
    for (let j = 0; j < SIDE; j++) {
      const here = small[i * SIDE + j]!
      if (i + 1 < SIDE) gradients += Math.abs(Math.trunc(((here - small[(i + 1) * SIDE + j]!) * 100) / 255))
      if (j + 1 < SIDE) gradients += Math.abs(Math.trunc(((here - small[i * SIDE + j + 1]!) * 100) / 255))
    }
  }
  return Math.min(100, Math.trunc(gradients / 90))
}

/** DCT frequencies 1–16 along both axes of the 64×64 picture: basis · picture · basisᵀ, row-major 16×16. */
function dct16(small: Float64Array): Float64Array {
  const half = new Float64Array(DCT_SIDE * SIDE)
  for (let i = 0; i < DCT_SIDE; i++) {
    for (let k = 0; k < SIDE; k++) {
      const weight = DCT_BASIS[i * SIDE + k]!
      for (let j = 0; j < SIDE; j++) half[i * SIDE + j] += weight * small[k * SIDE + j]!
    }
  }
  const out = new Float64Array(DCT_SIDE * DCT_SIDE)
  for (let i = 0; i < DCT_SIDE; i++) {
    for (let j = 0; j < DCT_SIDE; j++) {
      let sum = 0
      for (let k = 0; k < SIDE; k++) sum += half[i * SIDE + k]! * DCT_BASIS[j * SIDE + k]!
      out[i * DCT_SIDE + j] = sum
    }
  }
  return out
}

/**
 * One bit per coefficient: set when it is above the median (the 128th smallest, as the reference's Torben
 * median picks). Coefficient (i, j) is bit j of the reference's 16-bit word i, and its hex prints word 15
 * first, high byte first: so the bit lands in byte 2·(15 − i), or the byte after it for j < 8.
 */
function hashBits(coefficients: Float64Array): HashBits {
  const median = Float64Array.from(coefficients).sort()[coefficients.length / 2 - 1]!
  const hash = new Uint8Array(HASH_BYTES)
  for (let i = 0; i < DCT_SIDE; i++) {
    for (let j = 0; j < DCT_SIDE; j++) {
      if (coefficients[i * DCT_SIDE + j]! <= median) continue
      const byte = 2 * (DCT_SIDE - 1 - i) + (j < 8 ? 1 : 0)
      hash[byte] = hash[byte]! | (1 << (j % 8))
    }
  }
  return hash
}
