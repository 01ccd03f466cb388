import { promisify } from 'node:util'
import {
  brotliCompress,
  brotliCompressSync,
  brotliDecompress,
  brotliDecompressSync,
  constants,
  gunzip,
  gunzipSync,
  gzip,
  gzipSync,
} from 'node:zlib'

/** Answers smaller than this go as they are: compressing them saves less than it costs. */
export const COMPRESS_FROM_BYTES = 4096

export type Encoding = 'br' | 'gzip'

// Brotli at 1: a page of 200 assets (57 KB) in 130 µs to 9.8 KB, where 4 took 490 µs for 9.1 KB (0.1 ms less on a
// 50 Mbit/s link); gzip (what a client without br asks for) at 1: within 15% of its default's size in a third of the
// time (issue 63).
const BROTLI_QUALITY = 1
const GZIP_LEVEL = 1
// Up to this many bytes are compressed on the calling thread (under a millisecond): through the thread pool, the
// hand-over alone took longer (57 KB: 350 µs p50, 730 µs p95 at gzip 1, against 170 µs in place).
const IN_PLACE_MAX_BYTES = 256 * 1024

// A reply up to this many compressed bytes is decompressed in place (a page of 200 assets: 70 µs), for the same reason.
const IN_PLACE_MAX_COMPRESSED_BYTES = 64 * 1024

const brotli = promisify(brotliCompress)
const gzipped = promisify(gzip)
const unbrotli = promisify(brotliDecompress)
const ungzip = promisify(gunzip)

/** The encoding to send in for an Accept-Encoding header: br when accepted, else gzip, else none. */
export function acceptedEncoding(header: string | string[] | undefined): Encoding | null {
  const accepted = new Map<string, number>()
  for (const part of [header ?? ''].flat().join(',').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';')
    const weight = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find((q) => q !== undefined)
    if (name) accepted.set(name, weight === undefined ? 1 : Number(weight))
  }
  const takes = (encoding: Encoding) => (accepted.get(encoding) ?? accepted.get('*') ?? 0) > 0
  return takes('br') ? 'br' : takes('gzip') ? 'gzip' : null
}

/** `bytes` compressed in `encoding`: in place when small, else on the thread pool. */
export async function compress(encoding: Encoding, bytes: Buffer): Promise<Buffer> {
  const inPlace = bytes.length <= IN_PLACE_MAX_BYTES
  if (encoding === 'gzip')
    return inPlace ? gzipSync(bytes, { level: GZIP_LEVEL }) : gzipped(bytes, { level: GZIP_LEVEL })
  const options = {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    },
  }
  return inPlace ? brotliCompressSync(bytes, options) : brotli(bytes, options)
}

/** A reply's `bytes` as sent in `encoding` (a Content-Encoding: br, gzip, or none), decompressed as `compress` does. */
export async function decompress(encoding: string | undefined, bytes: Buffer): Promise<Buffer> {
  const inPlace = bytes.length <= IN_PLACE_MAX_COMPRESSED_BYTES
  if (encoding === 'br') return inPlace ? brotliDecompressSync(bytes) : unbrotli(bytes)
  if (encoding === 'gzip') return inPlace ? gunzipSync(bytes) : ungzip(bytes)
  return bytes
}
