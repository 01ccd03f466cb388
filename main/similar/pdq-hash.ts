import { HASH_BYTES, type HashBits } from './hash-bits'

/** A PDQ hash and how much it can be trusted: 0 (a flat picture) to 100 (plenty of detail). */
export type PdqResult = { hash: HashBits; quality: number }

/** Pixels to hash: packed RGB (3 bytes a pixel) or luma (1 byte a pixel), rows top to bottom without padding. */
export type PdqPixels = { data: Uint8Array; width: number; height: number; channels: 1 | 3 }

// The luma weights PDQ's reference uses (ITU-R BT.601), so our hashes agree with its hashes of the same pixels.
const [LUMA_R, LUMA_G, LUMA_B] = [0.299, 0.587, 0.114]
// The picture is blurred and sampled down to 64×64, of which the 16×16 lowest non-constant DCT frequencies are kept.
const SIDE = 64
const DCT_SIDE = 16
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

/**
 * The picture blurred by PDQ's tent filter and sampled at the 64×64 cell centres. The reference blurs the whole
 * picture with two horizontal-then-vertical box passes, each ≈ half a 64th of a side wide (Jarosz, "Fast image
 * convolutions", 2001), then keeps the centres. Each pass is linear and works on rows or on columns alone, so the
 * same values come from weighting, per centre, the few pixels the two passes together reach (CentreTaps): along
 * each row at the 64 centre columns, then down those 64 columns at the centre rows.
 */
function downsampleTo64(luma: Float32Array, width: number, height: number): Float64Array {
  const across = centreTaps(width)
  const narrow = new Float64Array(height * SIDE)
  for (let row = 0; row < height; row++) {
    for (let j = 0; j < SIDE; j++) narrow[row * SIDE + j] = weighted(luma, row * width, 1, across, j)
  }
  const down = centreTaps(height)
  const small = new Float64Array(SIDE * SIDE)
  for (let i = 0; i < SIDE; i++) {
    for (let j = 0; j < SIDE; j++) small[i * SIDE + j] = weighted(narrow, j, SIDE, down, i)
  }
  return small
}

/** For each of the 64 cell centres along a side: the first pixel the two box passes reach from it, and the weights. */
type CentreTaps = { first: Int32Array; weights: Float64Array[] }

// Frames of one video share a size; the cache is emptied now and then so that many sizes do not pile up.
const tapsBySide = new Map<number, CentreTaps>()
const MOST_SIDES_KEPT = 64

/** The weights two box passes give each pixel of a side of `side` pixels at each cell centre (kept per side). */
function centreTaps(side: number): CentreTaps {
  const known = tapsBySide.get(side)
  if (known) return known
  const window = Math.floor((side + 2 * SIDE - 1) / (2 * SIDE))
  // The reference's box reaches `window - ⌊(window + 2) / 2⌋` back and `⌊(window + 2) / 2⌋ - 1` ahead, cut at the
  // ends of the side, and averages what it covers.
  const ahead = Math.floor((window + 2) / 2) - 1
  const behind = window - ahead - 1
  const spanOf = (k: number) => [Math.max(0, k - behind), Math.min(side - 1, k + ahead)] as const
  const first = new Int32Array(SIDE)
  const weights: Float64Array[] = []
  for (let i = 0; i < SIDE; i++) {
    const centre = Math.floor(((i + 0.5) * side) / SIDE)
    const [from, to] = spanOf(centre)
    const reach = new Float64Array(side)
    for (let k = from; k <= to; k++) {
      const [kFrom, kTo] = spanOf(k)
      const share = 1 / ((to - from + 1) * (kTo - kFrom + 1))
      for (let m = kFrom; m <= kTo; m++) reach[m]! += share
    }
    first[i] = spanOf(from)[0]
    weights.push(reach.slice(first[i], spanOf(to)[1] + 1))
  }
  const taps = { first, weights }
  if (tapsBySide.size >= MOST_SIDES_KEPT) tapsBySide.clear()
  tapsBySide.set(side, taps)
  return taps
}

/** Centre `i`'s weighted sum of a line that starts at `start`, its pixels `step` apart. */
function weighted(line: Float32Array | Float64Array, start: number, step: number, taps: CentreTaps, i: number): number {
  const weights = taps.weights[i]!
  let sum = 0
  for (let k = 0, at = start + taps.first[i]! * step; k < weights.length; k++, at += step)
    sum += weights[k]! * line[at]!
  return sum
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
