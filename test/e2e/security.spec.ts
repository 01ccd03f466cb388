import { readFileSync } from 'node:fs'
import path from 'node:path'
import { request as playwrightRequest } from '@playwright/test'
import { http } from '../helpers/http'
import { expect, test } from './web-host-fixture'

test('requests without the secret get 401, pages, API and events alike', async ({ webHost }) => {
  const anonymous = await playwrightRequest.newContext({ baseURL: webHost.origin })
  for (const [method, url] of [
    ['GET', '/'],
    ['GET', '/assets/anything.js'],
    ['POST', '/api/library:info'],
    ['GET', '/events'],
    ['GET', '/media/videos/00/0000000000000000.mp4'],
  ]) {
    const response = await anonymous.fetch(url, { method, data: method === 'POST' ? {} : undefined })
    expect(response.status(), `${method} ${url}`).toBe(401)
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
  }
  await anonymous.dispose()
})

test('a malformed request gets a validation error and writes nothing', async ({ webHost }) => {
  const client = await playwrightRequest.newContext({
    baseURL: webHost.origin,
    extraHTTPHeaders: { authorization: `Bearer ${webHost.token}` },
  })
  const info = async () => (await (await client.post('/api/library:info', { data: {} })).json()).data
  const before = await info()
  const dbFile = path.join(webHost.libraryDir, 'library.db')
  const bytesBefore = [readFileSync(dbFile), readFileSync(`${dbFile}-wal`)]

  for (const body of ['{"name": ', '{"name": ""}', '{"name": 7}', '{"name": "ok", "role": "admin"}', '[]']) {
    const response = await client.post('/api/library:rename', {
      headers: { 'content-type': 'application/json' },
      data: body,
    })
    expect(response.status(), body).toBe(400)
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'validation' } })
  }

  expect(await info()).toEqual(before)
  expect(readFileSync(dbFile).equals(bytesBefore[0])).toBe(true)
  expect(readFileSync(`${dbFile}-wal`).equals(bytesBefore[1])).toBe(true)
  await client.dispose()
})

test('a foreign Host header is refused even with the secret', async ({ webHost }) => {
  for (const host of ['evil.example', `evil.example:${webHost.port}`, `rebind.127.0.0.1.nip.io:${webHost.port}`]) {
    const reply = await http(webHost.port, { headers: { host, authorization: `Bearer ${webHost.token}` } })
    expect(reply.status, host).toBe(403)
    expect(reply.json()).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  }
  const ok = await http(webHost.port, {
    headers: { host: `localhost:${webHost.port}`, authorization: `Bearer ${webHost.token}` },
  })
  expect(ok.status).toBe(200)
})
