import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { expect } from 'vitest'
import { resolveMediaTools } from '../../main/media/media-tools'

const { ffmpeg } = resolveMediaTools()

/**
 * The luma plane (one byte per pixel) of the first frame ffmpeg reads with `input` (its input
 * options and `-i`, output seeks after), scaled to `size` (`w:h`) when given.
 */
export async function grayPixels(input: readonly string[], size?: string): Promise<Buffer> {
  const scale = size ? ['-vf', `scale=${size}`] : []
  const args = ['-v', 'error', ...input, ...scale, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-']
  const { stdout } = await promisify(execFile)(ffmpeg, args, { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 })
  return stdout
}

/** How far apart two pictures of the same size look: the mean absolute luma difference (0 to 255). */
export function meanDifference(a: Buffer, b: Buffer): number {
  expect(a.length).toBe(b.length)
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!)
  return sum / a.length
}
