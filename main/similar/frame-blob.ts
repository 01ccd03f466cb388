import type { FrameHash } from './frame-match'
import { HASH_BYTES } from './hash-bits'

// 32 hash bytes, a quality byte, the time as a little-endian float32 (migration 0240).
const FRAME_BYTES = HASH_BYTES + 1 + 4

/** Frames as the frame_hashes table stores them. */
export function framesToBlob(frames: readonly FrameHash[]): Buffer {
  const packed = Buffer.alloc(frames.length * FRAME_BYTES)
  frames.forEach((frame, i) => {
    const at = i * FRAME_BYTES
    packed.set(frame.hash, at)
    packed[at + HASH_BYTES] = Math.max(0, Math.min(100, Math.round(frame.quality)))
    packed.writeFloatLE(frame.timestampSeconds, at + HASH_BYTES + 1)
  })
  return packed
}

/** Frames from the frame_hashes table; a blob of another length is an error in words. */
export function framesFromBlob(packed: Uint8Array): FrameHash[] {
  if (packed.length % FRAME_BYTES !== 0) {
    throw new Error(`Stored frame hashes are ${packed.length} bytes, not a multiple of ${FRAME_BYTES}.`)
  }
  const view = Buffer.from(packed.buffer, packed.byteOffset, packed.length)
  const frames: FrameHash[] = []
  for (let at = 0; at < view.length; at += FRAME_BYTES) {
    frames.push({
      hash: new Uint8Array(view.subarray(at, at + HASH_BYTES)),
      quality: view[at + HASH_BYTES]!,
      timestampSeconds: view.readFloatLE(at + HASH_BYTES + 1),
    })
  }
  return frames
}
