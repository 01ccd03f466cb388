import { copyFileSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { MediaAsset } from '../../shared/contract'
import { collisionId } from '../../main/ingest/dedupe'
import type { Library } from '../../main/services/library-context'
import { loadSampledHasher } from '../../main/media/sampled-id'
import { ensureFixtures, type Fixtures } from '../fixtures/make-fixtures'
import { importAndWait, itemFor, sha256Of } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

let fx: Fixtures
beforeAll(async () => {
  fx = await ensureFixtures()
})

async function asset(lib: Library, id: string | undefined): Promise<MediaAsset> {
  const found = id === undefined ? undefined : await lib.catalog.repos.media.get(id)
  if (!found) throw new Error(`no asset ${id}`)
  return found
}

describe('importing the fixture media', () => {
  it('gives every kind of file the right outcome and row', async () => {
    const lib = testLibrary()
    const good = [fx.mp4, fx.webm, fx.mkv, fx.mov, fx.rotated, fx.png, fx.jpg]
    const bad = [fx.zeroByte, fx.truncated, fx.textAsMp4]
    const notMedia = path.join(tempDir(), 'readme.txt')
    writeFileSync(notMedia, 'not media')
    const before = new Map(bad.map((file) => [file, sha256Of(file)]))

    const { job, items } = await importAndWait(lib, [...good, ...bad, notMedia])

    expect(job).toMatchObject({ state: 'done', filesTotal: 11, counts: { imported: 7, duplicate: 0, failed: 4 } })
    const hasher = await loadSampledHasher()
    for (const file of good) {
      const item = itemFor(items, file)
      expect(item.outcome).toBe('imported')
      const row = await asset(lib, item.asset?.id)
      expect(row.id).toBe(hasher.ofFile(file).id)
      expect(row).toMatchObject({ name: path.basename(file), originalPath: file, storage: 'copy', status: 1 })
      expect(row.importedBy).toBe(os.userInfo().username)
      expect(row.filePath.startsWith(path.join(lib.dir, 'media', `${row.mediaType}s`, row.id.slice(0, 2)))).toBe(true)
      expect(sha256Of(row.filePath)).toBe(row.fileHash)
      expect(row.fileHash).toBe(sha256Of(file))
    }

    const mp4 = await asset(lib, itemFor(items, fx.mp4).asset?.id)
    expect(mp4).toMatchObject({ mediaType: 'video', codec: 'h264', resolution: '320x240', aspectRatio: '4:3', fps: 25 })
    expect(mp4.durationSeconds).toBeCloseTo(2, 1)
    expect(mp4.metadata).toMatchObject({
      audioCodec: 'aac',
      audioChannels: expect.any(Number),
      videoProfile: expect.any(String),
    })
    const webm = await asset(lib, itemFor(items, fx.webm).asset?.id)
    expect(webm).toMatchObject({ codec: 'vp9', resolution: '320x240' })
    expect(webm.metadata).toMatchObject({ audioCodec: 'opus', container: expect.stringContaining('webm') })
    expect((await asset(lib, itemFor(items, fx.mkv).asset?.id)).metadata).toMatchObject({
      container: expect.stringContaining('matroska'),
    })
    expect((await asset(lib, itemFor(items, fx.mov).asset?.id)).metadata).toMatchObject({
      container: expect.stringContaining('mov'),
    })
    const rotated = await asset(lib, itemFor(items, fx.rotated).asset?.id)
    expect(rotated).toMatchObject({ resolution: '360x640', aspectRatio: '9:16' })
    expect(Math.abs((rotated.metadata as { rotation: number }).rotation)).toBe(90)
    const png = await asset(lib, itemFor(items, fx.png).asset?.id)
    expect(png).toMatchObject({ mediaType: 'image', resolution: '640x480', durationSeconds: null, fps: null })
    expect(png.filePath).toContain(`${path.sep}images${path.sep}`)
    expect(await asset(lib, itemFor(items, fx.jpg).asset?.id)).toMatchObject({
      mediaType: 'image',
      resolution: '800x600',
    })

    expect(itemFor(items, fx.zeroByte)).toMatchObject({ outcome: 'failed', reason: 'The file is empty (0 bytes).' })
    expect(itemFor(items, fx.truncated).reason).toMatch(/^Not a readable video: .*moov atom not found/)
    expect(itemFor(items, fx.textAsMp4).reason).toMatch(/^Not a readable video: .*Invalid data found/)
    expect(itemFor(items, notMedia).reason).toMatch(/Unsupported file type "\.txt"/)
    for (const file of bad) expect(sha256Of(file)).toBe(before.get(file))
    expect(await lib.catalog.repos.media.byPath(fx.truncated)).toBeUndefined()
    expect(readdirSync(path.join(lib.dir, 'tmp'))).toEqual([])
  })

  it('reports a copy under another name as a duplicate of the first, naming it', async () => {
    const lib = testLibrary()
    const first = await importAndWait(lib, [fx.mp4])
    const original = itemFor(first.items, fx.mp4).asset
    const again = await importAndWait(lib, [fx.duplicate, fx.mp4])
    for (const file of [fx.duplicate, fx.mp4]) {
      expect(itemFor(again.items, file)).toMatchObject({
        outcome: 'duplicate',
        asset: { id: original?.id, name: path.basename(fx.mp4), filePath: original?.filePath },
      })
    }
    expect(lib.sqlite.db.prepare('SELECT COUNT(*) FROM videos').pluck().get()).toBe(1)
  })

  it('keeps one asset when the same content arrives twice in one import', async () => {
    const lib = testLibrary()
    const { job } = await importAndWait(lib, [fx.mp4, fx.duplicate])
    expect(job.counts).toEqual({ imported: 1, duplicate: 1, failed: 0 })
  })

  it('imports a sampled-id collision pair as two assets with distinct, deterministic ids', async () => {
    const hasher = await loadSampledHasher()
    const sampled = hasher.ofFile(fx.collisionA).id
    expect(hasher.ofFile(fx.collisionB).id).toBe(sampled)
    expect(sha256Of(fx.collisionA)).not.toBe(sha256Of(fx.collisionB))

    const lib = testLibrary()
    await importAndWait(lib, [fx.collisionA])
    const { items } = await importAndWait(lib, [fx.collisionB])
    const a = await asset(lib, sampled)
    const b = await asset(lib, itemFor(items, fx.collisionB).asset?.id)
    expect(b.id).toBe(collisionId(sampled, sha256Of(fx.collisionB)))
    expect([a.fileHash, b.fileHash]).toEqual([sha256Of(fx.collisionA), sha256Of(fx.collisionB)])

    const other = testLibrary()
    await importAndWait(other, [fx.collisionA])
    await importAndWait(other, [fx.collisionB])
    expect((await other.catalog.repos.media.get(b.id))?.fileHash).toBe(b.fileHash)
  })

  it('walks folders recursively, skips hidden files and survives a symlink loop', async () => {
    const source = tempDir()
    mkdirSync(path.join(source, 'day1', 'cam'), { recursive: true })
    copyFileSync(fx.jpg, path.join(source, 'day1', 'cam', 'still.jpg'))
    copyFileSync(fx.png, path.join(source, 'day1', 'frame.png'))
    writeFileSync(path.join(source, 'day1', '.DS_Store'), 'finder junk')
    symlinkSync(source, path.join(source, 'day1', 'cam', 'loop'))

    const lib = testLibrary()
    const { job, items } = await importAndWait(lib, [source])
    expect(job).toMatchObject({ state: 'done', counts: { imported: 2, duplicate: 0, failed: 0 } })
    expect(items.map((item) => path.relative(source, item.path)).sort()).toEqual([
      'day1/cam/still.jpg',
      'day1/frame.png',
    ])
  })

  it('links files in place with --link, copying nothing', async () => {
    const source = path.join(tempDir(), 'keep-here.mp4')
    copyFileSync(fx.mp4, source)
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [source], true)
    const row = await asset(lib, itemFor(items, source).asset?.id)
    expect(row).toMatchObject({ filePath: source, storage: 'link', originalPath: source })
    expect(existsSync(path.join(lib.dir, 'media'))).toBe(false)
  })
})
