import { mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { connect } from 'node:net'
import path from 'node:path'
import { afterEach, describe, expect, inject, it, vi } from 'vitest'
import { dispatch } from '../../main/dispatch'
import type { LocalLibrary } from '../../main/services/library-context'
import { thumbnailPaths } from '../../main/library/library-paths'
import { importPaths } from '../../main/services/assets/imports'
import { startWebHost, type WebHost } from '../../main/web/web-host'
import { http } from '../helpers/http'
import { newestAssets, testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

const fx = inject('fixtures')
let host: WebHost | undefined

afterEach(async () => {
  await host?.close()
  host = undefined
})

/** A web host over a fresh library and a small renderer folder. */
async function start(): Promise<{ library: LocalLibrary; web: WebHost; rendererDir: string }> {
  const rendererDir = path.join(tempDir(), 'renderer')
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Framevault v1</title>')
  writeFileSync(path.join(rendererDir, 'assets', 'app-1.js'), 'console.log("v1")')
  const library = testLibrary()
  host = await startWebHost({ library, rendererDir, port: 0 })
  return { library, web: host, rendererDir }
}

const authed = (web: WebHost) => ({ host: `127.0.0.1:${web.port}`, authorization: `Bearer ${web.token}` })
const get = (web: WebHost, urlPath: string) => http(web.port, { path: urlPath, headers: authed(web) })
const callApi = (web: WebHost, channel: string, body: string) =>
  http(web.port, {
    method: 'POST',
    path: `/api/${channel}`,
    headers: { ...authed(web), 'content-type': 'application/json' },
    body,
  })

/** The host still serves the contract after whatever happened before. */
async function expectStillAnswering(web: WebHost): Promise<void> {
  const reply = await callApi(web, 'library:info', '{}')
  expect(reply.status).toBe(200)
  expect(reply.json()).toMatchObject({ ok: true })
}

describe('web host: failed file reads end one response, never the host', () => {
  it('answers 404 for a folder where a thumbnail file should be, and keeps answering', async () => {
    const { library, web } = await start()
    await importPaths(library, [fx.jpg], false)
    await library.importer.idle()
    await library.importer.thumbnailsIdle()
    const [asset] = await newestAssets(library, 1)
    const poster = thumbnailPaths(library.dir, asset!.id).poster
    unlinkSync(poster)
    mkdirSync(poster)

    const reply = await get(web, `/media/thumbs/${asset!.id}/poster.jpg`)
    expect(reply.status).toBe(404)
    expect(reply.json()).toMatchObject({ ok: false, error: { code: 'not_found' } })
    await expectStillAnswering(web)
  })

  it('serves the renderer it started with after its folder is removed or rebuilt', async () => {
    const { web, rendererDir } = await start()
    rmSync(rendererDir, { recursive: true })
    for (const urlPath of ['/', '/library/some-route', '/assets/app-1.js']) {
      const reply = await get(web, urlPath)
      expect(reply.status).toBe(200)
      expect(reply.text).toMatch(/Framevault v1|console.log\("v1"\)/)
    }
    // A rebuild writes other files into the folder: the host keeps its own consistent copy.
    mkdirSync(path.join(rendererDir, 'assets'), { recursive: true })
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Framevault v2</title>')
    writeFileSync(path.join(rendererDir, 'assets', 'app-2.js'), 'console.log("v2")')
    expect((await get(web, '/')).text).toContain('Framevault v1')
    expect((await get(web, '/assets/app-1.js')).text).toBe('console.log("v1")')
    expect((await get(web, '/assets/app-2.js')).text).toContain('Framevault v1')
    await expectStillAnswering(web)
  })

  it('answers a typed 404 when the renderer was never built', async () => {
    const library = testLibrary()
    host = await startWebHost({ library, rendererDir: path.join(tempDir(), 'missing'), port: 0 })
    const reply = await get(host, '/')
    expect(reply.status).toBe(404)
    expect(reply.json()).toMatchObject({ ok: false, error: { code: 'not_found' } })
    await expectStillAnswering(host)
  })
})

describe('web host: clients that leave', () => {
  it('stops pushing events to an SSE client that disconnected, and keeps answering', async () => {
    const { library, web } = await start()
    let active = 0
    const subscribe = library.events.subscribe.bind(library.events)
    vi.spyOn(library.events, 'subscribe').mockImplementation((listener) => {
      active++
      const unsubscribe = subscribe(listener)
      return () => {
        active--
        return unsubscribe()
      }
    })
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: web.port, path: '/events', headers: authed(web) }, (res) => {
        res.once('data', () => {
          req.destroy()
          resolve()
        })
      })
      req.on('error', reject)
      req.end()
    })
    await vi.waitFor(() => expect(active).toBe(0), { timeout: 10_000, interval: 10 })
    expect((await callApi(web, 'library:rename', '{"name":"After"}')).status).toBe(200)
    await expectStillAnswering(web)
  })

  it('answers a malformed request line with 400 and keeps serving', async () => {
    const { web } = await start()
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(web.port, '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'))
      let text = ''
      socket.on('data', (chunk) => (text += chunk.toString('latin1')))
      socket.on('end', () => resolve(text))
      socket.on('error', reject)
    })
    expect(answer).toMatch(/^HTTP\/1\.1 400/)
    await expectStillAnswering(web)
  })
})

describe('web host: the token exchange redirects only within this server', () => {
  it.each([
    ['/.//evil.example/x', '/evil.example/x'],
    ['//evil.example/x', '/x'],
    ['/./\\evil.example/x', '/evil.example/x'],
    ['/.///\\\\evil.example/x?a=1', '/evil.example/x?a=1'],
    ['/%2F%2Fevil.example/x', '/%2F%2Fevil.example/x'],
    ['/library?view=grid', '/library?view=grid'],
  ])('%s → %s', async (urlPath, location) => {
    const { web } = await start()
    const separator = urlPath.includes('?') ? '&' : '?'
    const reply = await http(web.port, {
      path: `${urlPath}${separator}token=${web.token}`,
      headers: { host: `127.0.0.1:${web.port}` },
    })
    expect(reply.status).toBe(302)
    expect(reply.headers.location).toBe(location)
    expect(new URL(String(reply.headers.location), `http://127.0.0.1:${web.port}`).host).toBe(`127.0.0.1:${web.port}`)
  })
})

describe('ill-formed Unicode is refused at the contract', () => {
  it.each([
    ['a lone high surrogate as a value', 'library:rename', '{"name":"\\ud800"}', ['name']],
    ['a lone low surrogate inside text', 'library:rename', '{"name":"ok\\udc00ok"}', ['name']],
    ['a lone surrogate as a key', 'library:rename', '{"name":"ok","\\ud800":1}', ['\ufffd']],
    ['a lone surrogate deep in an array', 'media:import', '{"paths":["/ok","/a\\udbff"]}', ['paths', 1]],
  ])('over HTTP: %s → 400 validation, nothing stored', async (_, channel, body, where) => {
    const { library, web } = await start()
    const reply = await callApi(web, channel, body)
    expect(reply.status).toBe(400)
    expect(reply.json()).toMatchObject({
      ok: false,
      error: { code: 'validation', details: { issues: [{ path: where, code: 'ill_formed_unicode' }] } },
    })
    expect(await library.catalog.repos.meta.get('name')).toBe('Framevault library')
    expect(await library.importer.list(10)).toEqual([])
  })

  it('through dispatch, for any channel, while a well-formed pair (an emoji) passes', async () => {
    const library = testLibrary()
    const refused = await dispatch(library, 'library:rename', { name: 'clip \udfff' })
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'validation', details: { issues: [{ path: ['name'] }] } },
    })
    expect(await library.catalog.repos.meta.get('name')).toBe('Framevault library')
    const accepted = await dispatch(library, 'library:rename', { name: 'clips 🎬' })
    expect(accepted.ok).toBe(true)
    expect(await library.catalog.repos.meta.get('name')).toBe('clips 🎬')
  })

  it('in the upload name the percent-decoding already replaces broken UTF-8', async () => {
    const { library, web } = await start()
    const reply = await http(web.port, {
      method: 'POST',
      path: '/upload?name=a%ED%A0%80.jpg',
      headers: authed(web),
      body: readFileSync(fx.jpg),
    })
    expect(reply.status).toBe(200)
    const name = (reply.json() as { data: { name: string } }).data.name
    expect((name as string & { isWellFormed(): boolean }).isWellFormed()).toBe(true)
    expect(library.uploads.pendingBytes()).toBe(readFileSync(fx.jpg).length)
  })

  // Issue 61 point 6: an upload's name follows the rules a rename does.
  it.each([
    ['a newline', 'two%0Alines.jpg'],
    ['a NUL', 'nul%00.jpg'],
    ['a right-to-left override', 'clip%E2%80%AEgpj.exe'],
  ])('refuses an upload name with %s, keeping nothing of its body', async (_what, name) => {
    const { library, web } = await start()
    const reply = await http(web.port, {
      method: 'POST',
      path: `/upload?name=${name}`,
      headers: authed(web),
      body: readFileSync(fx.jpg),
    })
    expect(reply.status).toBe(400)
    expect(reply.json()).toMatchObject({ ok: false, error: { code: 'validation' } })
    expect(library.uploads.pendingBytes()).toBe(0)
  })
})
