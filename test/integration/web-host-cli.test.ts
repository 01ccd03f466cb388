import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { http } from '../helpers/http'
import { fakeRenderer, startHostCli, type StartedHost } from '../helpers/host-cli'
import { tempDir } from '../helpers/temp-dir'

const fx = inject('fixtures')
const startCli = (args: string[]) => startHostCli('main/web/web-host-cli.ts', args)

const authed = (host: StartedHost) => ({ host: `127.0.0.1:${host.port}`, authorization: `Bearer ${host.token}` })
const get = (host: StartedHost, urlPath: string) => http(host.port, { path: urlPath, headers: authed(host) })

describe('npm run web flags', () => {
  it('restricts path imports to --allow-import-from folders and caps uploads at --max-upload-size', async () => {
    const allowed = tempDir()
    copyFileSync(fx.jpg, path.join(allowed, 'ok.jpg'))
    const host = await startCli([
      ...['--library', tempDir(), '--port', '0', '--renderer', fakeRenderer()],
      ...['--allow-import-from', allowed, '--max-upload-size', '2K'],
    ])
    expect(host.output).toContain(`Imports by path allowed from: ${allowed}`)
    const callImport = (paths: string[]) =>
      http(host.port, {
        method: 'POST',
        path: '/api/media:import',
        headers: { ...authed(host), 'content-type': 'application/json' },
        body: JSON.stringify({ paths }),
      })
    const outside = await callImport([fx.jpg])
    expect(outside.status).toBe(403)
    expect(outside.json()).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect((await callImport([path.join(allowed, 'ok.jpg')])).status).toBe(200)

    const upload = (bytes: number) =>
      http(host.port, { method: 'POST', path: '/upload?name=x.bin', headers: authed(host), body: Buffer.alloc(bytes) })
    expect((await upload(2048)).status).toBe(200)
    const big = await upload(2049)
    expect(big.status).toBe(413)
    expect(big.json()).toMatchObject({ ok: false, error: { code: 'too_large' } })
  })

  it('imports nothing by path without --allow-import-from, and refuses a flag that names no folder', async () => {
    const host = await startCli(['--library', tempDir(), '--port', '0', '--renderer', fakeRenderer()])
    expect(host.output).toContain('Imports by path: off')
    const reply = await http(host.port, {
      method: 'POST',
      path: '/api/media:import',
      headers: { ...authed(host), 'content-type': 'application/json' },
      body: JSON.stringify({ paths: [fx.jpg] }),
    })
    expect(reply.status).toBe(403)
    // Without --max-upload-size the default cap holds: a declared 65 GiB upload is refused before any byte is read.
    const huge = await http(host.port, {
      method: 'POST',
      path: '/upload?name=huge.mp4',
      headers: { ...authed(host), 'content-length': String(65 * 1024 ** 3) },
      body: [Buffer.alloc(1024)],
    })
    expect(huge.status).toBe(413)
    expect(huge.json()).toMatchObject({ ok: false, error: { code: 'too_large' } })
    await expect(
      startCli(['--library', tempDir(), '--allow-import-from', path.join(tempDir(), 'none')]),
    ).rejects.toThrow(/not a folder/)
  })

  it('refuses to start on an incomplete renderer', async () => {
    const dir = fakeRenderer()
    writeFileSync(path.join(dir, 'index.html'), '<script src="./assets/missing.js"></script>')
    await expect(startCli(['--library', tempDir(), '--renderer', dir])).rejects.toThrow(/missing assets\/missing\.js/)
  })
})

describe('npm run web --build', () => {
  it('two concurrent starts each build their own renderer and both serve it complete', async () => {
    const hosts = await Promise.all([0, 1].map(() => startCli(['--build', '--library', tempDir(), '--port', '0'])))
    for (const host of hosts) {
      const index = await get(host, '/')
      expect(index.status).toBe(200)
      const assets = [...index.text.matchAll(/(?:src|href)="\.?(\/assets\/[^"]+)"/g)].map((match) => match[1]!)
      expect(assets.length).toBeGreaterThanOrEqual(1)
      for (const asset of assets) {
        const reply = await get(host, asset)
        expect(reply.status).toBe(200)
        expect(reply.bytes.length).toBeGreaterThan(0)
      }
    }
    // Each start removed its build folder once it had read it.
    const builds = path.resolve('node_modules', '.cache', 'framevault-web')
    const leftovers = existsSync(builds) ? readdirSync(builds) : []
    expect(leftovers.filter((name) => hosts.some((host) => name.startsWith(`${host.child.pid}-`)))).toEqual([])
  })
})
