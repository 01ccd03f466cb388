import { copyFileSync, mkdirSync, symlinkSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, inject, it } from 'vitest'
import type { LocalLibrary } from '../../main/services/library-context'
import { importPaths } from '../../main/services/assets/imports'
import { startWebHost, type WebHost } from '../../main/web/web-host'
import { http } from '../helpers/http'
import { newestAssets, testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

const fx = inject('fixtures')
// The reason a refused file fails with, written out so a changed wording shows here.
const OUTSIDE = 'Refused: it is outside the folders this host may import from.'
let host: WebHost | undefined

afterEach(async () => {
  await host?.close()
  host = undefined
})

/** A web host whose library may import by path only from `allowed`. */
async function gatedHost(allowed: readonly string[]): Promise<{ library: LocalLibrary; host: WebHost }> {
  const library = testLibrary(tempDir(), { allowedPaths: allowed })
  host = await startWebHost({ library, rendererDir: tempDir(), port: 0 })
  return { library, host }
}

function callImport(web: WebHost, body: unknown) {
  return http(web.port, {
    method: 'POST',
    path: '/api/media:import',
    headers: {
      host: `127.0.0.1:${web.port}`,
      authorization: `Bearer ${web.token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  })
}

describe('path imports through the web host', () => {
  it.each([
    ['no folder allowed (the default: uploads only)', [] as string[]],
    ['another folder allowed', ['ALLOWED']],
  ])('refuses a path outside with 403 forbidden and creates no job: %s', async (_, roots) => {
    const allowed = tempDir()
    const { library, host: web } = await gatedHost(roots.map((root) => root.replace('ALLOWED', allowed)))
    for (const body of [
      { paths: [fx.mp4] },
      { paths: [fx.mp4], link: true },
      { paths: [path.dirname(fx.mp4)] },
      { paths: [path.join(allowed, '..', path.basename(allowed) + '-x', 'a.mp4')] },
      { paths: [`${allowed}/../../${fx.mp4}`] },
    ]) {
      const reply = await callImport(web, body)
      expect(reply.status).toBe(403)
      expect(reply.json()).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    }
    expect(await library.importer.list(10)).toEqual([])
    expect(await newestAssets(library, 10)).toEqual([])
  })

  it('imports from an allowed folder, but a symlink in it that leads outside becomes a failed outcome', async () => {
    const allowed = tempDir()
    const outside = tempDir()
    copyFileSync(fx.mp4, path.join(allowed, 'inside.mp4'))
    copyFileSync(fx.jpg, path.join(outside, 'secret.jpg'))
    symlinkSync(path.join(outside, 'secret.jpg'), path.join(allowed, 'link-to-secret.jpg'))
    symlinkSync(outside, path.join(allowed, 'link-to-outside'))
    mkdirSync(path.join(allowed, 'nested'))
    symlinkSync(path.join(allowed, 'inside.mp4'), path.join(allowed, 'nested', 'link-inside.mp4'))
    const { library, host: web } = await gatedHost([allowed])

    const reply = await callImport(web, { paths: [allowed] })
    expect(reply.status).toBe(200)
    await library.importer.idle()
    const [job] = await library.importer.list(1)
    const items = await library.catalog.repos.importItems.items(job!.id)
    const byName = Object.fromEntries(items.map((item) => [item.name, item]))
    expect(Object.keys(byName).sort()).toEqual([
      'inside.mp4',
      'link-inside.mp4',
      'link-to-outside',
      'link-to-secret.jpg',
    ])
    expect(byName['link-to-secret.jpg']).toMatchObject({ outcome: 'failed', reason: OUTSIDE, sizeBytes: null })
    expect(byName['link-to-outside']).toMatchObject({ outcome: 'failed', reason: OUTSIDE })
    expect(byName['inside.mp4']!.outcome).toBe('imported')
    // A symlink that stays inside the allowed folder is followed as before.
    expect(byName['link-inside.mp4']!.outcome).toBe('duplicate')
    expect((await newestAssets(library, 10)).map((asset) => asset.name)).toEqual(['inside.mp4'])
  })

  it('lets trusted callers (the CLI, services) import any path by default', async () => {
    const library = testLibrary()
    expect(library.pathGate.any).toBe(true)
    await importPaths(library, [fx.jpg], false)
    await library.importer.idle()
    expect(await newestAssets(library, 10)).toHaveLength(1)
  })
})
