import fc from 'fast-check'
import type { z } from 'zod'
import { carriesDocument } from '../../shared/contract/document'
import { MAX_DOCUMENT_BYTES, MAX_JSON_BYTES } from '../../main/web/read-body'
import { namesExistingPath, validArbitrary } from './valid-arbitrary'
import { acceptedKinds } from './zod-def'

/** HTTP bodies broken below the JSON level: each must be refused before it reaches a handler. */
export const RAW_BREAKS = ['empty', 'oversize', 'not-json', 'content-type', 'invalid-utf8', 'deep-raw'] as const
export type RawBreak = (typeof RAW_BREAKS)[number]

/** One raw API request body, its content type (undefined: no header) and a short description. */
export interface RawRequest {
  body: Buffer
  contentType: string | undefined
  what: string
}

/** The content type API calls must carry. */
export const JSON_TYPE = 'application/json'
const MiB = 1024 * 1024

function raw(body: Buffer | string, contentType: string | undefined, what: string): RawRequest {
  return {
    body: typeof body === 'string' ? Buffer.from(body) : body,
    contentType,
    what,
    [fc.toStringMethod]: () => what,
  } as RawRequest
}

/** `head`, then `size` times the ASCII character `fill`, then `tail`, as bytes. */
function padded(head: string, size: number, fill: string, tail: string): Buffer {
  return Buffer.concat([Buffer.from(head), Buffer.alloc(size, fill), Buffer.from(tail)])
}

/** JSON text of a generated valid input: the body a well-behaved client would send. */
function validJson(schema: unknown): fc.Arbitrary<string> {
  return validArbitrary(schema)
    .filter((value) => !namesExistingPath(value))
    .map((value) => JSON.stringify(value) ?? 'null')
}

// Byte sequences that are not UTF-8: a stray continuation byte, a cut two-byte sequence, a
// UTF-8-encoded surrogate (CESU-8), an overlong NUL, and a five-byte form.
const NOT_UTF8 = [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]]

/** Raw requests for one break; null when the break cannot be wrong for this schema. */
export function rawRequestArbitrary(schema: unknown, kind: RawBreak): fc.Arbitrary<RawRequest> | null {
  switch (kind) {
    case 'empty':
      // An empty body parses to undefined, which a schema that takes "no input" would accept.
      return acceptedKinds(schema).has('undefined') ? null : fc.constant(raw('', JSON_TYPE, 'empty body'))
    case 'oversize': {
      // Past the channel's own limit: a channel carrying a whole document takes 24 MiB, the others 1 MiB.
      const limit = carriesDocument(schema as z.ZodType) ? MAX_DOCUMENT_BYTES : MAX_JSON_BYTES
      return fc
        .tuple(validJson(schema), fc.integer({ min: limit + 1, max: limit + 2 * MiB }), fc.boolean())
        .map(([text, size, asWhitespace]) =>
          // Trailing whitespace keeps the body a valid input in valid JSON: only the size is wrong. The padding is
          // made as bytes: encoding a 25 MB string takes ~150 ms, filling a buffer a few.
          asWhitespace
            ? raw(padded(text, size, ' ', ''), JSON_TYPE, `valid input padded with whitespace to ${size} bytes`)
            : raw(padded('{"pad":"', size, 'a', '"}'), JSON_TYPE, `a ${size}-byte string`),
        )
    }
    case 'not-json':
      return fc
        .oneof(
          fc.string({ maxLength: 40 }).filter((text) => !parses(text)),
          validJson(schema).map((text) => text.slice(0, -1)),
          fc.constantFrom('undefined', 'NaN', "{'a':1}", '{"a":1,}', '{"a":1}{"b":2}', '\ufeff{}'),
        )
        .filter((text) => !parses(text))
        .map((text) => raw(text, JSON_TYPE, `not JSON: ${JSON.stringify(text.slice(0, 40))}`))
    case 'content-type':
      return fc
        .tuple(
          validJson(schema),
          fc.constantFrom(
            undefined,
            'text/plain',
            'text/plain; charset=utf-8',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'application/xml',
          ),
        )
        .map(([text, type]) => raw(text, type, `valid input sent as ${type ?? 'no content type'}`))
    case 'invalid-utf8':
      return fc.tuple(validJson(schema), fc.constantFrom(...NOT_UTF8), fc.nat()).map(([text, bytes, at]) => {
        const quotes = [...text.matchAll(/"/g)].map((match) => match.index)
        const hex = bytes.map((byte) => byte.toString(16)).join(' ')
        // Inside a string when the quote opens one; a syntax error otherwise: refused either way.
        if (!quotes.length)
          return raw(
            Buffer.concat([Buffer.from('{"'), Buffer.from(bytes), Buffer.from('":0}')]),
            JSON_TYPE,
            `bytes ${hex} in a key`,
          )
        const cut = quotes[at % quotes.length] + 1
        const body = Buffer.concat([Buffer.from(text.slice(0, cut)), Buffer.from(bytes), Buffer.from(text.slice(cut))])
        return raw(body, JSON_TYPE, `bytes ${hex} after character ${cut} of ${text.slice(0, 60)}`)
      })
    case 'deep-raw':
      // Up to the 1 MiB limit: JSON.parse handles this depth; nothing downstream may recurse on it.
      return fc
        .tuple(fc.constantFrom('[', '{"d":'), fc.integer({ min: 10_000, max: 170_000 }), fc.boolean())
        .map(([open, depth, closed]) => {
          const close = closed ? '0' + (open === '[' ? ']' : '}').repeat(depth) : ''
          return raw(open.repeat(depth) + close, JSON_TYPE, `${depth} levels of ${open}${closed ? '' : ', unclosed'}`)
        })
  }
}

function parses(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}
