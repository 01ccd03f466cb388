/** A common aspect ratio ("16:10") or else the reduced one ("683:384") with the common ratio it is closest to. */
export type AspectRatio = { ratio: string; nearest: string | null }

/** The ratios people name; landscape, square and portrait. */
export const COMMON_ASPECT_RATIOS: readonly string[] = [
  '1:1',
  '5:4',
  '4:3',
  '3:2',
  '16:10',
  '16:9',
  '2:1',
  '21:9',
  '9:16',
  '3:4',
  '2:3',
  '10:16',
  '4:5',
  '9:21',
  '1:2',
]

const common = COMMON_ASPECT_RATIOS.map((ratio) => {
  const [w, h] = ratio.split(':').map(Number)
  return { ratio, w, h }
})

/** The aspect ratio of a width × height in pixels: "1920x1080" → "16:9"; "1366x768" → "683:384", nearest "16:9". */
export function aspectRatioOf(width: number, height: number): AspectRatio {
  if (!isPositiveInteger(width) || !isPositiveInteger(height)) {
    throw new RangeError(`aspect ratio needs positive integer dimensions, got ${width}x${height}`)
  }
  // Matched by value, not by reduced string: 1280x800 reduces to 8:5 but people call it 16:10.
  const exact = common.find((c) => width * c.h === height * c.w)
  if (exact) return { ratio: exact.ratio, nearest: null }
  const divisor = gcd(width, height)
  // Distance in log space, so a portrait size and its landscape mirror get mirrored answers.
  const distance = (c: { w: number; h: number }) => Math.abs(Math.log((width * c.h) / (height * c.w)))
  const nearest = common.reduce((best, next) => (distance(next) < distance(best) ? next : best))
  return { ratio: `${width / divisor}:${height / divisor}`, nearest: nearest.ratio }
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b)
}

function isPositiveInteger(n: number): boolean {
  return Number.isSafeInteger(n) && n > 0
}
