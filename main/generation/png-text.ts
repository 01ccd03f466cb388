import type { FileHandle } from 'node:fs/promises'
import { crc32, inflateSync } from 'node:zlib'
import type { TextEntries, TextEntry } from './generation-facts'

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
/** Text chunks larger than this are skipped (a real workflow is a few MB at most). */
export const MAX_TEXT_CHUNK = 32 * 1024 * 1024
/** A chunk walk stops after this many chunks (an APNG has two per frame). */
const MAX_CHUNKS = 200_000
const TEXT_TYPES = new Set(['tEXt', 'zTXt', 'iTXt', 'comf'])

/**
 * The text chunks of a PNG (tEXt, zTXt, iTXt, and APNG's private `comf` chunks ComfyUI writes after
 * the image data), read chunk by chunk with positioned reads: image data is skipped, never read.
 * Keys are returned lower-cased; `source` keeps the chunk type and the key as written.
 */
export async function readPngText(file: FileHandle, size: number, prefix = 'png'): Promise<TextEntries> {
  const entries: TextEntry[] = []
  const problems: string[] = []
  const header = Buffer.alloc(8)
  if (size < 8 || (await readAt(file, header, 0)) < 8 || !header.equals(SIGNATURE)) {
    return { entries, problems: [`${prefix}: not a PNG (no PNG signature)`] }
  }
  let at = 8
  for (let count = 0; at < size; count++) {
    if (count >= MAX_CHUNKS) {
      problems.push(`${prefix}: more than ${MAX_CHUNKS} chunks; the rest were not read`)
      break
    }
    if ((await readAt(file, header, at)) < 8) {
      problems.push(`${prefix}: a chunk header is cut off at byte ${at}`)
      break
    }
    const length = header.readUInt32BE(0)
    const type = header.toString('latin1', 4, 8)
    if (type === 'IEND') break
    const end = at + 12 + length
    if (length > 0x7fffffff || end > size) {
      problems.push(
        `${prefix}: chunk ${JSON.stringify(type)} at byte ${at} declares ${length} bytes, past the end of the file`,
      )
      break
    }
    if (TEXT_TYPES.has(type)) {
      if (length > MAX_TEXT_CHUNK) problems.push(`${prefix}:${type}: a ${length}-byte chunk was skipped (too large)`)
      else await readTextChunk(file, at, length, type, prefix, entries, problems)
    }
    at = end
  }
  return { entries, problems }
}

async function readTextChunk(
  file: FileHandle,
  at: number,
  length: number,
  type: string,
  prefix: string,
  entries: TextEntry[],
  problems: string[],
): Promise<void> {
  const chunk = Buffer.alloc(length + 8)
  if ((await readAt(file, chunk, at + 4)) < chunk.length) {
    problems.push(`${prefix}:${type}: cut off at byte ${at}`)
    return
  }
  const body = chunk.subarray(0, length + 4)
  if (crc32(body) >>> 0 !== chunk.readUInt32BE(length + 4)) {
    problems.push(`${prefix}:${type}: bad CRC at byte ${at}; the chunk was skipped`)
    return
  }
  const decoded = decodeTextChunk(type, chunk.subarray(4, 4 + length))
  if ('problem' in decoded) problems.push(`${prefix}:${type}: ${decoded.problem}`)
  else entries.push({ key: decoded.key.toLowerCase(), text: decoded.text, source: `${prefix}:${type}:${decoded.key}` })
}

type Decoded = { key: string; text: string } | { problem: string }

/** A text chunk's key and text (data without length, type and CRC). */
export function decodeTextChunk(type: string, data: Buffer): Decoded {
  const nul = data.indexOf(0)
  if (nul < 1 || nul > 79) return { problem: 'no keyword' }
  const key = data.toString('latin1', 0, nul)
  const rest = data.subarray(nul + 1)
  if (type === 'tEXt' || type === 'comf') return { key, text: rest.toString('latin1') }
  if (type === 'zTXt') {
    if (rest[0] !== 0) return { problem: `${key}: unknown compression method ${rest[0]}` }
    const text = inflated(rest.subarray(1))
    return text === null
      ? { problem: `${key}: the compressed text does not inflate` }
      : { key, text: text.toString('latin1') }
  }
  // iTXt: compression flag, method, language tag\0, translated keyword\0, UTF-8 text.
  if (rest.length < 2) return { problem: `${key}: cut off` }
  const [compressed, method] = [rest[0], rest[1]]
  const language = rest.indexOf(0, 2)
  const translated = language < 0 ? -1 : rest.indexOf(0, language + 1)
  if (translated < 0) return { problem: `${key}: language or translated keyword not ended` }
  const payload = rest.subarray(translated + 1)
  if (compressed === 0) return { key, text: payload.toString('utf8') }
  if (compressed !== 1 || method !== 0) return { problem: `${key}: unknown compression ${compressed}/${method}` }
  const text = inflated(payload)
  return text === null
    ? { problem: `${key}: the compressed text does not inflate` }
    : { key, text: text.toString('utf8') }
}

function inflated(data: Buffer): Buffer | null {
  try {
    // Bounded: a small zlib bomb must not inflate into gigabytes.
    return inflateSync(data, { maxOutputLength: MAX_TEXT_CHUNK })
  } catch {
    return null
  }
}

/** Reads into the whole buffer from `position`; the number of bytes read (fewer at the end of the file). */
export async function readAt(file: FileHandle, buffer: Buffer, position: number): Promise<number> {
  let done = 0
  while (done < buffer.length) {
    const { bytesRead } = await file.read(buffer, done, buffer.length - done, position + done)
    if (bytesRead === 0) break
    done += bytesRead
  }
  return done
}
