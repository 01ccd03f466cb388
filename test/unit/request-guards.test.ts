import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import {
  isLoopbackHost,
  isSameOrigin,
  pastedToken,
  presentedToken,
  sameOriginRedirect,
  tokenCookieName,
  tokenMatches,
} from '../../main/web/request-guards'

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1:4000', 'localhost:4000', 'LOCALHOST:4000', '[::1]:4000'])('accepts %s', (host) => {
    expect(isLoopbackHost(host, 4000)).toBe(true)
  })

  it.each<[string | undefined, string]>([
    ['evil.example:4000', 'a rebinding name'],
    ['127.0.0.1.nip.io:4000', 'a name that merely starts like loopback'],
    ['127.0.0.1:4001', 'another port'],
    ['127.0.0.1', 'no port when the server is not on 80'],
    ['192.168.1.5:4000', 'a LAN address'],
    ['', 'an empty header'],
    [undefined, 'no header'],
  ])('refuses %s (%s)', (host) => {
    expect(isLoopbackHost(host, 4000)).toBe(false)
  })
})

describe('isSameOrigin', () => {
  it('accepts a missing Origin and our own origin, refuses any other', () => {
    expect(isSameOrigin(undefined, '127.0.0.1:4000')).toBe(true)
    expect(isSameOrigin('http://127.0.0.1:4000', '127.0.0.1:4000')).toBe(true)
    expect(isSameOrigin('http://evil.example', '127.0.0.1:4000')).toBe(false)
    expect(isSameOrigin('http://localhost:4000', '127.0.0.1:4000')).toBe(false)
  })
})

describe('presentedToken and tokenMatches', () => {
  const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage

  it('reads the bearer header first, then the query, then the per-port cookie', () => {
    const url = new URL('http://127.0.0.1:4000/?token=from-query')
    const bare = new URL('http://127.0.0.1:4000/')
    const cookie = `other=1; ${tokenCookieName(4000)}=from-cookie`
    expect(presentedToken(request({ authorization: 'Bearer from-header', cookie }), url, 4000)).toBe('from-header')
    // The printed URL wins over a cookie an earlier run left (issue 37 point 6).
    expect(presentedToken(request({ cookie }), url, 4000)).toBe('from-query')
    expect(presentedToken(request({ cookie }), bare, 4000)).toBe('from-cookie')
    expect(presentedToken(request({ cookie }), bare, 4001)).toBeUndefined()
    expect(presentedToken(request({}), bare, 4000)).toBeUndefined()
  })

  it('matches only the exact secret', () => {
    expect(tokenMatches('s3cret', 's3cret')).toBe(true)
    expect(tokenMatches('s3cre', 's3cret')).toBe(false)
    expect(tokenMatches('s3creT', 's3cret')).toBe(false)
    expect(tokenMatches(undefined, 's3cret')).toBe(false)
  })
})

describe('pastedToken', () => {
  // Issue 64 point 6: the sign-in page's field takes the token or the whole address an admin gave.
  it.each([
    ['fvt_abc-_123', 'the token itself'],
    ['  fvt_abc-_123\n', 'the token with spaces and a line break around it'],
    ['http://hub.example:4780/?token=fvt_abc-_123', 'the whole address'],
    [' https://hub.example/?view=library&token=fvt_abc-_123#x ', 'an address with more in it'],
    ['http://127.0.0.1:4780/?token=fvt_abc%2D_123', 'an address with the token escaped'],
  ])('reads %j (%s)', (text) => {
    expect(pastedToken(text)).toBe('fvt_abc-_123')
  })

  it('keeps text that is not an address as it is, and a malformed escape as written', () => {
    expect(pastedToken('not a token')).toBe('not a token')
    expect(pastedToken('http://hub/?token=fvt_%E0%A4%A')).toBe('fvt_%E0%A4%A')
    expect(presentedToken({ headers: {} } as unknown as IncomingMessage, new URL('http://h/?token=+fvt_x+'), 80)).toBe(
      'fvt_x',
    )
  })
})

describe('sameOriginRedirect', () => {
  const at = (pathAndQuery: string) => new URL(`http://127.0.0.1:4000${pathAndQuery}`)

  it.each([
    ['/', '/'],
    ['/library?view=grid', '/library?view=grid'],
    ['/.//evil.example/x', '/evil.example/x'],
    ['/./\\evil.example/x', '/evil.example/x'],
    ['/.//\\//evil.example', '/evil.example'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
  ])('%s → %s', (pathAndQuery, location) => {
    expect(sameOriginRedirect(at(pathAndQuery))).toBe(location)
  })

  it('never yields a Location a browser would read as another host', () => {
    for (const pathAndQuery of ['/.//a.b', '/.\\\\a.b', '/..//a.b', '/.//%09/a.b', '/./\t/a.b']) {
      const location = sameOriginRedirect(at(pathAndQuery))
      expect(location).toMatch(/^\/(?![/\\])/)
      expect(new URL(location, 'http://127.0.0.1:4000').origin).toBe('http://127.0.0.1:4000')
    }
  })
})
