import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import xxhash from 'xxhash-wasm'

const WINDOW = 1024
const SAMPLED_FROM = 3 * WINDOW
const SIZE_BYTES = 8

/** A byte range `[offset, length]` of the media that feeds its sampled id. */
export type SampledWindow = [offset: number, length: number]

/** Computes sampled media ids: XxHash64 (seed 0) over the size as uint64 LE and up to three 1 KiB windows. */
export interface SampledHasher {
  /** The sampled id and size of the file at `path`, reading only the sampled windows. */
  ofFile(path: string): { id: string; size: number }
  /** The sampled id of in-memory media; `virtual` ids carry a `V` prefix. */
  ofBytes(bytes: Uint8Array, options?: { virtual?: boolean }): string
}

/** The windows of media of `size` bytes that are hashed after the size, in hash order. */
export function sampledWindows(size: number): SampledWindow[] {
  if (size < SAMPLED_FROM) return [[0, size]]
  return [
    [0, WINDOW],
    [Math.floor((size - WINDOW) / 2), WINDOW],
    [size - WINDOW, WINDOW],
  ]
}

let loading: Promise<SampledHasher> | undefined

/** The sampled-id hasher, initialising the xxHash WebAssembly module on first use. */
export function loadSampledHasher(): Promise<SampledHasher> {
  loading ??= xxhash().then(({ h64Raw }) => createSampledHasher(h64Raw))
  return loading
}

function createSampledHasher(h64Raw: (input: Uint8Array, seed?: bigint) => bigint): SampledHasher {
  // One scratch buffer for every call: ofFile runs once per file in import loops, so it must not allocate per file.
  const scratch = new Uint8Array(SIZE_BYTES + SAMPLED_FROM)
  const view = new DataView(scratch.buffer)

  const writeSize = (size: number) => {
    // Two uint32 halves avoid a BigInt per call; sizes stay below 2^53.
    view.setUint32(0, size % 2 ** 32, true)
    view.setUint32(4, Math.floor(size / 2 ** 32), true)
  }
  const digest = (length: number) => h64Raw(scratch.subarray(0, length), 0n).toString(16).padStart(16, '0')

  return {
    ofFile(path) {
      const fd = openSync(path, 'r')
      try {
        // The size comes from the open descriptor so that it describes the bytes read next.
        const size = fstatSync(fd).size
        writeSize(size)
        let end = SIZE_BYTES
        for (const [offset, length] of sampledWindows(size)) {
          readWindow(fd, scratch, end, length, offset, path)
          end += length
        }
        return { id: digest(end), size }
      } finally {
        closeSync(fd)
      }
    },
    ofBytes(bytes, options = {}) {
      writeSize(bytes.length)
      let end = SIZE_BYTES
      for (const [offset, length] of sampledWindows(bytes.length)) {
        scratch.set(bytes.subarray(offset, offset + length), end)
        end += length
      }
      return (options.virtual ? 'V' : '') + digest(end)
    },
  }
}

function readWindow(fd: number, into: Uint8Array, at: number, length: number, position: number, path: string): void {
  let done = 0
  while (done < length) {
    const read = readSync(fd, into, at + done, length - done, position + done)
    // A file that shrank after fstat would otherwise get an id over stale scratch bytes.
    if (read === 0) throw new Error(`${path} changed size while its sampled id was computed`)
    done += read
  }
}
