/**
 * HTTP Range for whole files (RFC 9110 §14), shared by the web host and Electron's app://
 * protocol so a player can seek in a large file without it being read whole.
 *
 * Choices where the RFC leaves room:
 * - A malformed Range, a unit other than `bytes`, or a `last < first` spec: the header is
 *   ignored and the whole file is sent (200), as §14.2 allows.
 * - Several ranges: not served as multipart/byteranges (players never ask for them); the
 *   Range is ignored and the whole file sent (200), unless none of them is satisfiable (416).
 * - Range applies to GET only (§14.2): a HEAD answers as a GET without Range would.
 * - A zero-length file: `a-` and `-0` cannot be satisfied (416 `bytes *\/0`); `-n` asks for
 *   the whole (empty) file, which an empty 206 cannot express, so it gets an empty 200.
 */

/** What a Range header asks of a file: all of it, one inclusive byte span, or nothing it has. */
export type RangeAnswer =
  { kind: 'whole' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' }

const WHOLE: RangeAnswer = { kind: 'whole' }
const UNSATISFIABLE: RangeAnswer = { kind: 'unsatisfiable' }
const SPEC = /^(\d*)-(\d*)$/

/** Reads a `Range` header against a file of `size` bytes. */
export function parseRange(header: string | undefined, size: number): RangeAnswer {
  if (header === undefined) return WHOLE
  const equals = header.indexOf('=')
  if (equals < 0 || header.slice(0, equals).trim().toLowerCase() !== 'bytes') return WHOLE
  const specs = header
    .slice(equals + 1)
    .split(',')
    .map((spec) => spec.trim())
  // Empty list elements are allowed by the list syntax (RFC 9110 §5.6.1), a list of only empties is not.
  const present = specs.filter((spec) => spec !== '')
  if (present.length === 0) return WHOLE
  const spans: RangeAnswer[] = []
  for (const spec of present) {
    const span = parseSpec(spec, size)
    if (span === undefined) return WHOLE
    spans.push(span)
  }
  const satisfiable = spans.filter((span) => span.kind !== 'unsatisfiable')
  if (satisfiable.length === 0) return UNSATISFIABLE
  return present.length === 1 ? satisfiable[0]! : WHOLE
}

/** One `first-last`, `first-` or `-suffix` spec; undefined when malformed. */
function parseSpec(spec: string, size: number): RangeAnswer | undefined {
  const match = SPEC.exec(spec)
  if (!match) return undefined
  const [, first, last] = match as unknown as [string, string, string]
  if (first === '') {
    if (last === '') return undefined
    const suffix = Number(last)
    if (suffix === 0) return UNSATISFIABLE
    if (size === 0) return WHOLE
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(first)
  const end = last === '' ? Infinity : Number(last)
  if (end < start) return undefined
  if (start >= size) return UNSATISFIABLE
  return { kind: 'partial', start, end: Math.min(end, size - 1) }
}

/** What the reply depends on: the file's size and modification time, and its media type. */
export interface FileFacts {
  size: number
  mtimeMs: number
  contentType: string
}

/** The request's parts that shape the reply. */
export interface RangeRequest {
  method: string
  range?: string | undefined
  ifRange?: string | undefined
}

/** How to answer: status, headers, and the inclusive byte span to send (none: headers only). */
export interface FileReply {
  status: 200 | 206 | 416
  headers: Record<string, string>
  body: { start: number; end: number } | undefined
}

/** Decides status, headers and byte span for serving a whole file under Range rules. */
export function planFileReply(request: RangeRequest, facts: FileFacts): FileReply {
  const { size } = facts
  const etag = entityTag(facts)
  const lastModified = new Date(Math.floor(facts.mtimeMs / 1000) * 1000).toUTCString()
  const headers: Record<string, string> = {
    'accept-ranges': 'bytes',
    'content-type': facts.contentType,
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, no-cache',
    etag,
    'last-modified': lastModified,
  }
  const useRange =
    request.method === 'GET' &&
    (request.ifRange === undefined || ifRangeMatches(request.ifRange.trim(), etag, lastModified))
  const answer = useRange ? parseRange(request.range, size) : WHOLE
  const sendsBody = request.method !== 'HEAD'
  if (answer.kind === 'unsatisfiable') {
    return {
      status: 416,
      headers: { ...headers, 'content-range': `bytes */${size}`, 'content-length': '0' },
      body: undefined,
    }
  }
  if (answer.kind === 'partial') {
    const { start, end } = answer
    headers['content-range'] = `bytes ${start}-${end}/${size}`
    headers['content-length'] = String(end - start + 1)
    return { status: 206, headers, body: sendsBody ? { start, end } : undefined }
  }
  headers['content-length'] = String(size)
  return { status: 200, headers, body: sendsBody && size > 0 ? { start: 0, end: size - 1 } : undefined }
}

/** A strong validator from size and modification time (as nginx does): it changes when the file is replaced. */
function entityTag({ size, mtimeMs }: FileFacts): string {
  return `"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`
}

/** If-Range holds an entity tag (strong comparison; a weak one never matches) or an HTTP date (exact match). */
function ifRangeMatches(value: string, etag: string, lastModified: string): boolean {
  if (value.startsWith('"') || value.startsWith('W/')) return value === etag
  return Date.parse(value) === Date.parse(lastModified)
}
