import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrations } from '../../main/db/migrations/index'
import type { LocalLibrary } from '../../main/services/library-context'
import { testLibrary } from '../helpers/library'
import { startWebHost, type WebHost } from '../../main/web/web-host'
import { tokenCookieName } from '../../main/web/request-guards'
import { http } from '../helpers/http'
import { tempDir } from '../helpers/temp-dir'

let library: LocalLibrary
let host: WebHost
let rendererDir: string

beforeEach(async () => {
  const root = tempDir()
  rendererDir = path.join(root, 'renderer')
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Framevault</title>')
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(path.join(root, 'secret.txt'), 'outside the renderer')
  library = testLibrary(path.join(root, 'library'))
  host = await startWebHost({ library, rendererDir, port: 0 })
})

afterEach(async () => {
  await host.close()
})

const loopback = () => ({ host: `127.0.0.1:${host.port}` })
const authed = (extra: Record<string, string> = {}) => ({
  ...loopback(),
  authorization: `Bearer ${host.token}`,
  ...extra,
})
const callApi = (channel: string, body: string, headers = authed({ 'content-type': 'application/json' })) =>
  http(host.port, { method: 'POST', path: `/api/${channel}`, headers, body })

describe('web host', () => {
  it('listens on loopback only and prints a URL that carries a fresh secret', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`)
    expect(host.token.length).toBeGreaterThanOrEqual(32)
    const other = await startWebHost({ library, rendererDir, port: 0 })
    expect(other.token).not.toBe(host.token)
    await other.close()
  })

  it.each(['/', '/assets/app.js', '/api/library:info', '/events', '/media/videos/ab/abcdef.mp4'])(
    'answers 401 to %s without the secret',
    async (urlPath) => {
      const reply = await http(host.port, { path: urlPath, headers: loopback() })
      expect(reply.status).toBe(401)
      expect(reply.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    },
  )

  it('answers 401 to a wrong secret in any of its three places', async () => {
    const wrong = 'x'.repeat(host.token.length)
    const variants: Record<string, string>[] = [
      { authorization: `Bearer ${wrong}` },
      { cookie: `${tokenCookieName(host.port)}=${wrong}` },
    ]
    for (const headers of variants) {
      expect((await http(host.port, { headers: { ...loopback(), ...headers } })).status).toBe(401)
    }
    expect((await http(host.port, { path: `/?token=${wrong}`, headers: loopback() })).status).toBe(401)
  })

  it('lets the newly printed URL in over the cookie of an earlier run, and keeps the new cookie 30 days', async () => {
    const stale = `${tokenCookieName(host.port)}=${'x'.repeat(host.token.length)}`
    const reply = await http(host.port, { path: `/?token=${host.token}`, headers: { ...loopback(), cookie: stale } })
    expect(reply.status).toBe(302)
    expect(String(reply.headers['set-cookie'])).toMatch(new RegExp(`=${host.token}; .*Max-Age=2592000`))
  })

  it('answers a browser without the secret with a page in words, and anything else with the error as JSON', async () => {
    const browser = { ...loopback(), accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }
    const page = await http(host.port, { path: '/?token=stale', headers: browser })
    expect(page.status).toBe(401)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.headers['content-security-policy']).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    )
    expect(page.text).toContain('<title>Framevault needs the address with its secret</title>')
    expect(page.text).toContain('Open that address again, or paste it below. If the web host was restarted')
    // The stale address was tried: the page says so, and offers the field again (a plain form, no script).
    expect(page.text).toContain('That address does not let anyone in: it may be from an earlier run.')
    expect(page.text).toMatch(/<form method="get" action="\/"[^>]*>[\s\S]*<input id="field" name="token"/)
    expect(page.text).not.toContain('<script')
    for (const path of ['/api/library:info', '/events', '/media/videos/ab/abcdef.mp4']) {
      const other = await http(host.port, { path, headers: browser })
      expect(other.status, path).toBe(401)
      expect(other.json(), path).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    }
  })

  it('trades the secret in the URL for an HttpOnly cookie, then serves the app with a strict CSP', async () => {
    const first = await http(host.port, { path: `/?token=${host.token}`, headers: loopback() })
    expect(first.status).toBe(302)
    expect(first.headers.location).toBe('/')
    const cookie = String(first.headers['set-cookie'])
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)

    const page = await http(host.port, { headers: { ...loopback(), cookie: cookie.split(';')[0] } })
    expect(page.status).toBe(200)
    expect(page.text).toContain('<title>Framevault</title>')
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/)
  })

  it.each(['evil.example', 'evil.example:PORT', 'attacker.test:80', '192.168.0.10:PORT', 'localhost.evil:PORT'])(
    'refuses a foreign Host header (%s), even with the secret',
    async (hostHeader) => {
      const reply = await http(host.port, {
        headers: { ...authed(), host: hostHeader.replace('PORT', String(host.port)) },
      })
      expect(reply.status).toBe(403)
      expect(reply.json()).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    },
  )

  it('refuses a cross-origin API call even with the secret', async () => {
    const reply = await callApi(
      'library:info',
      '{}',
      authed({ 'content-type': 'application/json', origin: 'http://evil.example' }),
    )
    expect(reply.status).toBe(403)
  })

  it('serves the contract: library:info returns the same facts as a direct call', async () => {
    const reply = await callApi('library:info', '{}')
    expect(reply.status).toBe(200)
    expect(reply.json()).toMatchObject({
      ok: true,
      data: {
        path: library.dir,
        schemaVersion: migrations.at(-1)!.version,
        tables: expect.arrayContaining([{ name: 'library_meta', rows: 3 }]),
      },
    })
  })

  it('answers malformed requests with validation errors and writes nothing', async () => {
    library.sqlite.db.pragma('wal_checkpoint(TRUNCATE)')
    const dbFiles = ['', '-wal'].map((suffix) => library.sqlite.path + suffix)
    const before = dbFiles.map((file) => readFileSync(file))

    const cases = [
      callApi('library:rename', '{"name": '),
      callApi('library:rename', '{"name": ""}'),
      callApi('library:rename', '{"name": ["x"]}'),
      callApi('library:rename', '{"name": "ok", "admin": true}'),
      callApi('library:rename', 'name=x', authed({ 'content-type': 'application/x-www-form-urlencoded' })),
      http(host.port, { path: '/api/library:rename', headers: authed() }),
    ]
    for (const reply of await Promise.all(cases)) {
      expect(reply.status).toBe(400)
      expect(reply.json()).toMatchObject({ ok: false, error: { code: 'validation' } })
    }
    expect(dbFiles.map((file, i) => readFileSync(file).equals(before[i]))).toEqual([true, true])
    expect(await library.catalog.repos.meta.get('name')).toBe('Framevault library')
  })

  it('answers an unknown channel with 404 not_found', async () => {
    const reply = await callApi('media:delete-everything', '{}')
    expect(reply.status).toBe(404)
    expect(reply.json()).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it('never serves files outside the renderer folder', async () => {
    for (const urlPath of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%E0%A4%A']) {
      const reply = await http(host.port, { path: urlPath, headers: authed() })
      expect(reply.text).not.toContain('outside the renderer')
    }
  })

  it('pushes library events to Server-Sent Events clients', async () => {
    let rename: Promise<unknown> | undefined
    const received = new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: host.port, path: '/events', headers: authed() }, (res) => {
        let text = ''
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8')
          rename ??= callApi('library:rename', '{"name":"Renamed"}')
          if (text.includes('event: library:changed')) {
            resolve(text)
            req.destroy()
          }
        })
      })
      req.on('error', reject)
      req.end()
    })
    // The library's first change, with its sequence as the id a reconnect sends back.
    expect(await received).toContain(
      'id: 1\nevent: library:changed\ndata: {"tables":["library_meta"],"topics":["library"],"seq":1}\n\n',
    )
    expect(await rename).toMatchObject({ status: 200 })
  })
})
