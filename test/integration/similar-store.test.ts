import { describe, expect, it } from 'vitest'
import { HASH_BYTES } from '../../main/similar/hash-bits'
import { framesToBlob, framesFromBlob } from '../../main/similar/frame-blob'
import { seededLibrary } from '../helpers/assets'
import { collectAll } from '../helpers/async-iterables'

const CONFIG = 'sha256:config'
const frame = (byte: number, quality: number, timestampSeconds: number) => ({
  hash: new Uint8Array(HASH_BYTES).fill(byte),
  quality,
  timestampSeconds,
})

describe('frame hashes and dismissals (migration 0240)', () => {
  it('packs frames 37 bytes each and reads them back; a blob of another length is refused in words', () => {
    const frames = [frame(0xab, 100, 0), frame(0x01, 49, 1.5), frame(0xff, 0, 3599.25)]
    const packed = framesToBlob(frames)
    expect(packed.length).toBe(3 * 37)
    expect(framesFromBlob(packed)).toEqual(frames)
    expect(() => framesFromBlob(packed.subarray(1))).toThrow('Stored frame hashes are 110 bytes, not a multiple of 37.')
  })

  it('lists the assets with pictures not hashed yet by id, and counts hashed, failed and waiting ones', async () => {
    const { lib, ids } = await seededLibrary(30)
    const repo = lib.catalog.repos.similar
    const pictures = lib.sqlite.db
      .prepare<[], string>(`SELECT id FROM videos WHERE media_type IN ('video', 'image') ORDER BY id`)
      .pluck()
      .all()
    lib.sqlite.db.prepare(`UPDATE videos SET media_type = 'audio' WHERE id = ?`).run(ids[3])
    lib.sqlite.db.prepare(`UPDATE videos SET health = 'missing' WHERE id = ?`).run(ids[4])
    const waiting = pictures.filter((id) => id !== ids[3] && id !== ids[4])
    expect(await repo.countUnhashed(CONFIG)).toBe(waiting.length)
    const first = await repo.unhashed(CONFIG, '', 10)
    expect(first.map((asset) => asset.id)).toEqual(waiting.slice(0, 10))
    expect((await repo.unhashed(CONFIG, first.at(-1)!.id, 10)).map((asset) => asset.id)).toEqual(waiting.slice(10, 20))

    const [done, broken] = first
    await repo.put(done!.fileHash, CONFIG, {
      frameCount: 1,
      frames: framesToBlob([frame(1, 90, 0)]),
      error: null,
      picture: '480x270',
    })
    await repo.put(broken!.fileHash, CONFIG, {
      frameCount: 0,
      frames: Buffer.alloc(0),
      error: 'moov atom not found',
      picture: null,
    })
    expect(await repo.counts(CONFIG)).toEqual({ hashed: 1, failed: 1 })
    expect(await repo.countUnhashed(CONFIG)).toBe(waiting.length - 2)
    expect((await repo.unhashed(CONFIG, '', 1))[0]!.id).toBe(first[2]!.id)
    // Another config has hashed nothing.
    expect(await repo.countUnhashed('sha256:other')).toBe(waiting.length)
    expect(await repo.hashedIds(CONFIG)).toEqual([done!.id])
    expect(await collectAll(repo.framesOf(CONFIG, [done!.id, broken!.id, 'nope']))).toEqual([
      { id: done!.id, frames: framesToBlob([frame(1, 90, 0)]) },
    ])
    expect(await repo.get(broken!.fileHash, CONFIG)).toEqual({
      frameCount: 0,
      frames: Buffer.alloc(0),
      error: 'moov atom not found',
      picture: null,
    })
    // The picture between bars where hashing found bars, else the recorded resolution.
    const resolution = (await lib.catalog.repos.media.get(first[2]!.id))!.resolution
    await repo.put(first[2]!.fileHash, CONFIG, {
      frameCount: 1,
      frames: framesToBlob([frame(3, 90, 0)]),
      error: null,
      picture: null,
    })
    expect(await repo.pictureSizes(CONFIG, [done!.id, first[2]!.id])).toEqual(
      new Map([
        [done!.id, '480x270'],
        [first[2]!.id, resolution],
      ]),
    )
  })

  it('finds the hashes of content a seed stored as bare hex', async () => {
    const { lib, ids } = await seededLibrary(2)
    const hex = 'ab'.repeat(32)
    lib.sqlite.db.prepare('UPDATE videos SET file_hash = ? WHERE id = ?').run(hex, ids[0])
    const repo = lib.catalog.repos.similar
    await repo.put(`sha256:${hex}`, CONFIG, {
      frameCount: 1,
      frames: framesToBlob([frame(2, 80, 0)]),
      error: null,
      picture: null,
    })
    expect(await repo.hashedIds(CONFIG)).toEqual([ids[0]])
    expect((await repo.unhashed(CONFIG, '', 10)).map((asset) => asset.id)).toEqual([ids[1]])
  })

  it('keeps a dismissed pair once, in either order, until it is taken back', async () => {
    const { lib } = await seededLibrary(0)
    const repo = lib.catalog.repos.similar
    await repo.dismiss('b2', 'a1')
    await repo.dismiss('a1', 'b2')
    expect(await repo.dismissedPairs()).toEqual(new Set(['a1|b2']))
    expect(lib.sqlite.db.prepare('SELECT count(*) FROM similar_dismissed').pluck().get()).toBe(1)
    await repo.undismiss('b2', 'a1')
    expect(await repo.dismissedPairs()).toEqual(new Set())
  })
})
