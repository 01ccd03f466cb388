import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseRange, planFileReply, type FileFacts } from '../../main/security/http-range'
import { contentTypeOf, parseMediaFilePath } from '../../main/services/assets/media-files'

const N = 1000
const partial = (start: number, end: number) => ({ kind: 'partial', start, end })
const WHOLE = { kind: 'whole' }
const UNSATISFIABLE = { kind: 'unsatisfiable' }

describe('parseRange', () => {
  it('reads the first byte, the last byte, an open range and a middle span', () => {
    expect(parseRange('bytes=0-0', N)).toEqual(partial(0, 0))
    expect(parseRange(`bytes=${N - 1}-${N - 1}`, N)).toEqual(partial(N - 1, N - 1))
    expect(parseRange('bytes=200-', N)).toEqual(partial(200, N - 1))
    expect(parseRange('bytes=10-19', N)).toEqual(partial(10, 19))
  })

  it('reads suffix ranges, a suffix longer than the file meaning all of it', () => {
    expect(parseRange('bytes=-500', N)).toEqual(partial(500, N - 1))
    expect(parseRange('bytes=-1', N)).toEqual(partial(N - 1, N - 1))
    expect(parseRange(`bytes=-${N * 10}`, N)).toEqual(partial(0, N - 1))
  })

  it('clamps an end past the end of the file', () => {
    expect(parseRange('bytes=900-5000', N)).toEqual(partial(900, N - 1))
    expect(parseRange(`bytes=0-${'9'.repeat(400)}`, N)).toEqual(partial(0, N - 1))
  })

  it('cannot satisfy a start at or past the end, or an empty suffix', () => {
    expect(parseRange(`bytes=${N}-`, N)).toEqual(UNSATISFIABLE)
    expect(parseRange(`bytes=${N}-${N + 10}`, N)).toEqual(UNSATISFIABLE)
    expect(parseRange(`bytes=${'9'.repeat(400)}-`, N)).toEqual(UNSATISFIABLE)
    expect(parseRange('bytes=-0', N)).toEqual(UNSATISFIABLE)
  })

  it('ignores a missing, malformed or non-bytes Range: the whole file (RFC 9110 §14.2)', () => {
    for (const header of [
      undefined,
      '',
      'bytes=',
      'bytes= , ',
      'bytes',
      'bytes=abc',
      'bytes=5',
      'bytes=--5',
      'bytes=1-2-3',
      'bytes=-',
      'bytes=20-10',
      'bytes=0x10-',
      'bytes=1.5-2',
      'bytes=+1-2',
      'items=0-10',
      'bytes 0-10',
      'bytes=0-10,x',
    ]) {
      expect(parseRange(header, N), String(header)).toEqual(WHOLE)
    }
  })

  it('accepts the unit in any case and spaces around a spec', () => {
    expect(parseRange('Bytes= 0-9 ', N)).toEqual(partial(0, 9))
    expect(parseRange('bytes=0-9,', N)).toEqual(partial(0, 9))
  })

  it('serves several ranges whole, unless none of them is satisfiable', () => {
    expect(parseRange('bytes=0-9,20-29', N)).toEqual(WHOLE)
    expect(parseRange('bytes=0-9, -5', N)).toEqual(WHOLE)
    expect(parseRange(`bytes=0-9,${N}-`, N)).toEqual(WHOLE)
    expect(parseRange(`bytes=${N}-,${N + 5}-`, N)).toEqual(UNSATISFIABLE)
  })

  it('handles a zero-length file: nothing to range over', () => {
    expect(parseRange('bytes=0-', 0)).toEqual(UNSATISFIABLE)
    expect(parseRange('bytes=0-0', 0)).toEqual(UNSATISFIABLE)
    expect(parseRange('bytes=-0', 0)).toEqual(UNSATISFIABLE)
    expect(parseRange('bytes=-5', 0)).toEqual(WHOLE)
  })

  it('always yields a span inside the file, or whole, or unsatisfiable (property)', () => {
    const spec = fc.oneof(
      fc.tuple(fc.nat(3000), fc.option(fc.nat(3000))).map(([a, b]) => `${a}-${b ?? ''}`),
      fc.nat(3000).map((n) => `-${n}`),
      fc.string({ maxLength: 6 }),
    )
    fc.assert(
      fc.property(fc.array(spec, { minLength: 1, maxLength: 3 }), fc.nat(2000), (specs, size) => {
        const answer = parseRange(`bytes=${specs.join(',')}`, size)
        if (answer.kind !== 'partial') return
        expect(answer.start).toBeGreaterThanOrEqual(0)
        expect(answer.end).toBeGreaterThanOrEqual(answer.start)
        expect(answer.end).toBeLessThan(size)
      }),
    )
  })
})

const facts: FileFacts = { size: N, mtimeMs: Date.UTC(2026, 0, 2, 3, 4, 5, 678), contentType: 'video/mp4' }

describe('planFileReply', () => {
  it('answers a range with 206, Content-Range, the span length, and the common headers', () => {
    const reply = planFileReply({ method: 'GET', range: 'bytes=-100' }, facts)
    expect(reply.status).toBe(206)
    expect(reply.body).toEqual({ start: 900, end: 999 })
    expect(reply.headers).toMatchObject({
      'content-range': 'bytes 900-999/1000',
      'content-length': '100',
      'accept-ranges': 'bytes',
      'content-type': 'video/mp4',
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-cache',
      'last-modified': 'Fri, 02 Jan 2026 03:04:05 GMT',
    })
    expect(reply.headers.etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/)
  })

  it('answers past the end with 416, bytes */N and no body', () => {
    const reply = planFileReply({ method: 'GET', range: 'bytes=1000-' }, facts)
    expect(reply).toMatchObject({ status: 416, body: undefined })
    expect(reply.headers).toMatchObject({ 'content-range': 'bytes */1000', 'content-length': '0' })
  })

  it('answers without Range, or with a malformed one, with 200 and the whole file', () => {
    for (const range of [undefined, 'bytes=x']) {
      const reply = planFileReply({ method: 'GET', range }, facts)
      expect(reply).toMatchObject({ status: 200, body: { start: 0, end: N - 1 } })
      expect(reply.headers['content-length']).toBe('1000')
      expect(reply.headers['content-range']).toBeUndefined()
    }
  })

  it('sends HEAD headers only, ignoring Range (defined for GET only)', () => {
    const reply = planFileReply({ method: 'HEAD', range: 'bytes=0-9' }, facts)
    expect(reply).toMatchObject({ status: 200, body: undefined })
    expect(reply.headers['content-length']).toBe('1000')
  })

  it('honours If-Range only when it names the current file (entity tag or date)', () => {
    const { etag, 'last-modified': date } = planFileReply({ method: 'GET' }, facts).headers
    const ranged = (ifRange: string) => planFileReply({ method: 'GET', range: 'bytes=0-9', ifRange }, facts).status
    expect(ranged(etag!)).toBe(206)
    expect(ranged(date!)).toBe(206)
    expect(ranged('"other"')).toBe(200)
    expect(ranged(`W/${etag}`)).toBe(200)
    expect(ranged('Thu, 01 Jan 2026 00:00:00 GMT')).toBe(200)
    expect(ranged('not a date')).toBe(200)
    const changed = planFileReply({ method: 'GET' }, { ...facts, size: N + 1 }).headers.etag
    expect(changed).not.toBe(etag)
  })

  it('sends an empty file as an empty 200 and refuses ranges into it', () => {
    const empty = { ...facts, size: 0 }
    expect(planFileReply({ method: 'GET' }, empty)).toMatchObject({ status: 200, body: undefined })
    expect(planFileReply({ method: 'GET', range: 'bytes=-5' }, empty).status).toBe(200)
    const refused = planFileReply({ method: 'GET', range: 'bytes=0-' }, empty)
    expect(refused.status).toBe(416)
    expect(refused.headers['content-range']).toBe('bytes */0')
  })
})

describe('media file URLs and types', () => {
  it('parses /media/files/<id> and nothing else', () => {
    expect(parseMediaFilePath('/media/files/0123456789abcdef')).toBe('0123456789abcdef')
    for (const pathname of [
      '/media/files/',
      '/media/files/a/b',
      '/media/files/..%2Flibrary.db',
      '/media/files/a.mp4',
    ]) {
      expect(parseMediaFilePath(pathname), pathname).toBeUndefined()
    }
  })

  it('names the media type from the extension, case-insensitively', () => {
    expect(contentTypeOf('/x/clip.MP4')).toBe('video/mp4')
    expect(contentTypeOf('a.webm')).toBe('video/webm')
    expect(contentTypeOf('a.mov')).toBe('video/quicktime')
    expect(contentTypeOf('a.mkv')).toBe('video/x-matroska')
    expect(contentTypeOf('a.png')).toBe('image/png')
    expect(contentTypeOf('a.jpeg')).toBe('image/jpeg')
    expect(contentTypeOf('a.webp')).toBe('image/webp')
    expect(contentTypeOf('a.gif')).toBe('image/gif')
    expect(contentTypeOf('a.xyz')).toBe('application/octet-stream')
    expect(contentTypeOf('noext')).toBe('application/octet-stream')
  })
})
