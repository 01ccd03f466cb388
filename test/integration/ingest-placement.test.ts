import { copyFileSync, existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { collisionId } from '../../main/ingest/dedupe'
import { mediaKey, ownedFilePath } from '../../main/library/library-paths'
import { loadSampledHasher } from '../../main/media/sampled-id'
import { ensureFixtures, type Fixtures } from '../fixtures/make-fixtures'
import { syntheticAsset } from '../helpers/assets'
import { importAndWait, itemFor, sha256Of } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

let fx: Fixtures
const mediaFilePath = (dir: string, type: 'video', id: string, extension: string) =>
  ownedFilePath(dir, mediaKey(type, id, extension))
const seedAsset = () => syntheticAsset(1, () => 0.5)
beforeAll(async () => {
  fx = await ensureFixtures()
})

describe('placing files under their content-addressed names', () => {
  it('never replaces a file another process put under the same name with other content', async () => {
    const lib = testLibrary()
    const sampled = (await loadSampledHasher()).ofFile(fx.collisionB).id
    // Another process placed collision-a (same sampled id, other bytes) and has not written its row yet.
    const theirs = mediaFilePath(lib.dir, 'video', sampled, '.mp4')
    mkdirSync(path.dirname(theirs), { recursive: true })
    copyFileSync(fx.collisionA, theirs)

    const { items } = await importAndWait(lib, [fx.collisionB])
    const item = itemFor(items, fx.collisionB)
    expect(item).toMatchObject({ outcome: 'imported', asset: { id: collisionId(sampled, sha256Of(fx.collisionB)) } })
    expect(sha256Of(theirs)).toBe(sha256Of(fx.collisionA))
    expect(sha256Of(item.asset!.filePath)).toBe(sha256Of(fx.collisionB))
    expect(item.asset!.filePath).not.toBe(theirs)
  })

  it('shares a file with the same bytes already under its name', async () => {
    const lib = testLibrary()
    const sampled = (await loadSampledHasher()).ofFile(fx.mp4).id
    const placed = mediaFilePath(lib.dir, 'video', sampled, '.mp4')
    mkdirSync(path.dirname(placed), { recursive: true })
    copyFileSync(fx.mp4, placed)

    const { items } = await importAndWait(lib, [fx.mp4])
    expect(itemFor(items, fx.mp4)).toMatchObject({ outcome: 'imported', asset: { id: sampled, filePath: placed } })
    expect(sha256Of(placed)).toBe(sha256Of(fx.mp4))
    expect(readdirSync(path.dirname(placed))).toEqual([path.basename(placed)])
    expect(readdirSync(path.join(lib.dir, 'tmp'))).toEqual([])
  })

  it('becomes a duplicate of the same content another process stored under another id meanwhile', async () => {
    const lib = testLibrary()
    const decide = lib.ingest.dedupe.decide
    // Between this file's dedupe check and its write, another process commits the same bytes under an id
    // of its own (it took the sampled id's collision id because its own claims held the sampled id).
    lib.ingest.dedupe.decide = async (sampledId, sha256) => {
      const verdict = await decide(sampledId, sha256)
      await lib.catalog.repos.media.insert({
        ...seedAsset(),
        id: collisionId(sampledId, sha256),
        filePath: path.join(lib.dir, 'elsewhere.mp4'),
        fileHash: sha256,
        sampledId,
      })
      return verdict
    }
    const { items } = await importAndWait(lib, [fx.mp4])
    const sampled = (await loadSampledHasher()).ofFile(fx.mp4).id
    expect(itemFor(items, fx.mp4)).toMatchObject({
      outcome: 'duplicate',
      asset: { id: collisionId(sampled, sha256Of(fx.mp4)) },
    })
    expect(lib.sqlite.db.prepare('SELECT id FROM videos').pluck().all()).toEqual([
      collisionId(sampled, sha256Of(fx.mp4)),
    ])
    expect(existsSync(mediaFilePath(lib.dir, 'video', sampled, '.mp4'))).toBe(false)
  })

  it('refuses a media folder that is a symlink leading out of the library', async () => {
    const lib = testLibrary()
    const outside = tempDir()
    const sampled = (await loadSampledHasher()).ofFile(fx.mp4).id
    const folder = path.dirname(mediaFilePath(lib.dir, 'video', sampled, '.mp4'))
    mkdirSync(path.dirname(folder), { recursive: true })
    symlinkSync(outside, folder)

    const { job, items } = await importAndWait(lib, [fx.mp4])
    expect(job.state).toBe('done')
    expect(itemFor(items, fx.mp4)).toMatchObject({
      outcome: 'failed',
      reason: expect.stringMatching(/outside the library/),
    })
    expect(readdirSync(outside)).toEqual([])
    expect(lib.sqlite.db.prepare('SELECT COUNT(*) FROM videos').pluck().get()).toBe(0)
    expect(existsSync(path.join(lib.dir, 'tmp')) ? readdirSync(path.join(lib.dir, 'tmp')) : []).toEqual([])
  })
})
