import { chmodSync, copyFileSync, existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadSampledHasher } from '../../main/media/sampled-id'
import { ensureFixtures, type Fixtures } from '../fixtures/make-fixtures'
import { cli, jsonLines } from '../helpers/cli'
import { sha256Of } from '../helpers/ingest'
import { tempDir } from '../helpers/temp-dir'

let fx: Fixtures
beforeAll(async () => {
  fx = await ensureFixtures()
})

/** Every file under the library's derived/thumbs (none when the folder was never made). */
function thumbnailFiles(library: string): string[] {
  const root = path.join(library, 'derived', 'thumbs')
  if (!existsSync(root)) return []
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
}

describe('CLI import and hash', () => {
  it('import prints one JSON line per file and exits 1 when a file failed', async () => {
    const library = tempDir()
    const result = await cli(['import', '--library', library, fx.mp4, fx.textAsMp4])
    expect(result.code).toBe(1)
    const printed = jsonLines<Record<string, unknown>>(result.stdout)
    expect(printed).toHaveLength(2)
    const byPath = Object.fromEntries(printed.map((line) => [line.path, line]))
    expect(byPath[fx.mp4]).toMatchObject({ outcome: 'imported', asset: { name: path.basename(fx.mp4) }, reason: null })
    expect(byPath[fx.textAsMp4]).toMatchObject({
      outcome: 'failed',
      asset: null,
      reason: expect.stringMatching(/Invalid data/),
    })
    expect(result.stderr).toMatch(/1 imported, 0 duplicates, 1 failed/)

    const again = await cli(['import', '--library', library, fx.duplicate])
    expect(again.code).toBe(0)
    expect(jsonLines<Record<string, unknown>>(again.stdout)).toEqual([
      { path: fx.duplicate, outcome: 'duplicate', asset: byPath[fx.mp4]!.asset, reason: null },
    ])
  })

  it('import prints its summary when the import ends, then thumbnail progress', async () => {
    const library = tempDir()
    const result = await cli(['import', '--library', library, fx.mp4, fx.jpg])
    expect(result.code).toBe(0)
    const said = result.stderr.trim().split('\n')
    expect(said[0]).toBe('Import done: 2 imported, 0 duplicates, 0 failed.')
    const progress = said.slice(1)
    expect(progress[0]).toBe('Thumbnails: 0/2')
    expect(progress.at(-1)).toBe('Thumbnails: 2/2')
    expect(progress.every((line) => /^Thumbnails: \d\/2$/.test(line))).toBe(true)
    // A video has a poster and a sprite, an image a poster.
    expect(thumbnailFiles(library)).toHaveLength(3)
  })

  it('import --no-thumbnails returns without making thumbnails', async () => {
    const library = tempDir()
    const result = await cli(['import', '--no-thumbnails', '--library', library, fx.mp4, fx.jpg])
    expect(result.code).toBe(0)
    expect(result.stderr.trim()).toBe('Import done: 2 imported, 0 duplicates, 0 failed.')
    expect(jsonLines<Record<string, unknown>>(result.stdout).map((line) => line.outcome)).toEqual([
      'imported',
      'imported',
    ])
    expect(thumbnailFiles(library)).toEqual([])
  })

  it('import --link records the file where it is', async () => {
    const library = tempDir()
    const result = await cli(['import', '--link', '--library', library, fx.jpg])
    expect(jsonLines<Record<string, unknown>>(result.stdout)).toMatchObject([
      { outcome: 'imported', asset: { filePath: fx.jpg } },
    ])
  })

  it('hash prints the sampled id, SHA-256 and size of a file', async () => {
    const result = await cli(['hash', fx.webm])
    expect(result.code).toBe(0)
    const hasher = await loadSampledHasher()
    expect(JSON.parse(result.stdout)).toEqual({
      id: hasher.ofFile(fx.webm).id,
      sha256: sha256Of(fx.webm),
      size: statSync(fx.webm).size,
    })
  })

  it('hash of a missing file exits 1 with the reason', async () => {
    const result = await cli(['hash', path.join(tempDir(), 'nope.mp4')])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/ENOENT|not found/i)
  })

  it('hash of a folder exits 1 and says hash takes a file', async () => {
    const folder = tempDir()
    const result = await cli(['hash', folder])
    expect(result.code).toBe(1)
    expect(result.stderr.trim()).toBe(`framevault: ${folder} is a folder; hash takes a file.`)
    expect(result.stdout).toBe('')
  })

  it('import says "1 duplicate" for one and "2 duplicates" for two', async () => {
    const library = tempDir()
    await cli(['import', '--no-thumbnails', '--library', library, fx.mp4])
    const copy = path.join(tempDir(), 'again.mp4')
    copyFileSync(fx.mp4, copy)
    const one = await cli(['import', '--no-thumbnails', '--library', library, fx.duplicate])
    expect(one.stderr.trim()).toBe('Import done: 0 imported, 1 duplicate, 0 failed.')
    const two = await cli(['import', '--no-thumbnails', '--library', library, fx.duplicate, copy])
    expect(two.stderr.trim()).toBe('Import done: 0 imported, 2 duplicates, 0 failed.')
  })

  it('reports a file it may not read as failed with a permission reason', async () => {
    // Root reads anything, so the import runs as an unprivileged user when the tests run as root.
    const asRoot = process.getuid?.() === 0
    const library = tempDir()
    const sourceDir = tempDir()
    const locked = path.join(sourceDir, 'locked.mp4')
    copyFileSync(fx.mp4, locked)
    chmodSync(locked, 0o000)
    if (asRoot) for (const dir of [library, sourceDir]) chmodSync(dir, 0o777)
    const result = await cli(
      ['import', '--library', library, locked],
      asRoot ? { uid: 65534, gid: 65534, env: { HOME: library } } : {},
    )
    expect(jsonLines<Record<string, unknown>>(result.stdout)).toEqual([
      { path: locked, outcome: 'failed', asset: null, reason: 'Permission denied: Framevault cannot read this file.' },
    ])
    expect(result.code).toBe(1)
  })
})
