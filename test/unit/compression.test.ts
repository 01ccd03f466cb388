import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { acceptedEncoding, compress } from '../../main/web/compression'

describe('acceptedEncoding', () => {
  it('takes br over gzip, gzip when br is not accepted, and none when neither is', () => {
    expect(acceptedEncoding('gzip, deflate, br')).toBe('br')
    expect(acceptedEncoding('gzip, deflate')).toBe('gzip')
    expect(acceptedEncoding(['deflate', 'gzip'])).toBe('gzip')
    expect(acceptedEncoding('identity')).toBeNull()
    expect(acceptedEncoding(undefined)).toBeNull()
  })

  it('honours q=0 and a wildcard', () => {
    expect(acceptedEncoding('br;q=0, gzip;q=0.5')).toBe('gzip')
    expect(acceptedEncoding('*')).toBe('br')
    expect(acceptedEncoding('*, br;q=0')).toBe('gzip')
    expect(acceptedEncoding('*;q=0')).toBeNull()
  })
})

describe('compress', () => {
  it('gives bytes that decompress to what was given, smaller for text that repeats', async () => {
    const text = Buffer.from(JSON.stringify(Array.from({ length: 500 }, (_, at) => ({ id: at, codec: 'h264' }))))
    const br = await compress('br', text)
    const gz = await compress('gzip', text)
    expect(brotliDecompressSync(br).equals(text)).toBe(true)
    expect(gunzipSync(gz).equals(text)).toBe(true)
    expect(br.length).toBeLessThan(text.length / 4)
    expect(gz.length).toBeLessThan(text.length / 4)
  })

  it('compresses a large body too (off the event loop), to the same bytes back', async () => {
    const rows = Array.from({ length: 20_000 }, (_, at) => ({ id: `asset-${at}`, codec: at % 3 ? 'h264' : 'hevc' }))
    const text = Buffer.from(JSON.stringify(rows))
    expect(text.length).toBeGreaterThan(512 * 1024)
    expect(brotliDecompressSync(await compress('br', text)).equals(text)).toBe(true)
    expect(gunzipSync(await compress('gzip', text)).equals(text)).toBe(true)
  })
})
